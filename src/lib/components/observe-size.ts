/**
 * Calls `measure` after every layout that changed `element`'s box, the first right after its
 * first layout (a ResizeObserver), and returns the teardown for an `$effect`.
 *
 * Svelte's `bind:clientWidth`/`bind:clientHeight` also read the size as the element mounts, which
 * forces the browser to lay the page out there and then: on the editor page that was a whole
 * layout of a throttled phone before the editor existed, done again once it did (issue 12). In
 * the observer's callback layout is already done, so reading sizes there costs nothing.
 */
export function observeSize(element: Element, measure: () => void): () => void {
	const observer = new ResizeObserver(() => measure());
	observer.observe(element);
	return () => observer.disconnect();
}
