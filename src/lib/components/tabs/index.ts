import Content from './Content.svelte';
import List from './List.svelte';
import Root from './Root.svelte';
import Trigger from './Trigger.svelte';

/** `Tabs` with Bits UI's parts and props, its code fetched on first use (tabs.svelte.ts). */
export const Tabs = { Root, List, Trigger, Content };
