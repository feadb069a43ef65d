// The chunk `tabs.svelte.ts` loads: Bits UI's Tabs alone.
export { Tabs } from 'bits-ui';
