import { Mark, mergeAttributes } from '@tiptap/core';

/*
 * The `link` mark, schema-compatible with Tiptap's Link (same name, attributes and HTML), without
 * its typing/paste autolinker: that brings linkifyjs (~8 KiB gzipped with the extension) into
 * every editor page for a convenience. Links still arrive by pasting HTML and stay intact in
 * existing documents; unsafe targets are never rendered as links.
 */

/** A scheme followed by ":" at the start of an address. */
const SCHEME = /^\s*([a-z][a-z0-9+.-]*):/i;
const SAFE_SCHEMES = new Set(['http', 'https', 'mailto', 'tel']);

/** Whether `href` may be a link target: a safe scheme, or a relative address (no scheme). */
export function isSafeHref(href: unknown): href is string {
	if (typeof href !== 'string' || href.trim() === '') return false;
	// Browsers ignore ASCII control characters and whitespace inside a scheme ("java\tscript:").
	const compact = href.replace(/[\u0000-\u0020]/g, '');
	const scheme = SCHEME.exec(compact)?.[1]?.toLowerCase();
	return scheme === undefined || SAFE_SCHEMES.has(scheme);
}

export const Link = Mark.create({
	name: 'link',
	priority: 1000,
	keepOnSplit: false,
	exitable: true,
	inclusive: false,

	addAttributes() {
		return {
			href: { default: null, parseHTML: (element) => element.getAttribute('href') },
			target: { default: '_blank' },
			rel: { default: 'noopener noreferrer nofollow' },
			class: { default: null },
			title: { default: null }
		};
	},

	parseHTML() {
		return [{ tag: 'a[href]', getAttrs: (dom) => (isSafeHref(dom.getAttribute('href')) ? null : false) }];
	},

	renderHTML({ HTMLAttributes }) {
		const href = isSafeHref(HTMLAttributes.href) ? HTMLAttributes.href : '';
		return ['a', mergeAttributes(HTMLAttributes, { href }), 0];
	}
});
