import type { Tabs as BitsTabs } from 'bits-ui';
import { Lazy } from '$lib/components/lazy.svelte';

/**
 * Bits UI Tabs, fetched when the first tab list is shown: for places that render tabs only after
 * the page is interactive (the document page's side panel, closed by default), so the page's
 * first download carries no Bits UI. Pages whose tabs are server-rendered (the team page) import
 * `Tabs` from bits-ui directly.
 */
export const bitsTabs = new Lazy<typeof BitsTabs>(() => import('./bits-tabs').then((module) => ({ default: module.Tabs })));
