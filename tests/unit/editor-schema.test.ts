import { describe, expect, it } from 'vitest';
import { alurSchema } from '../../src/lib/editor/extensions';
import { isSafeHref } from '../../src/lib/editor/link';

describe('editor schema', () => {
	// Stored documents name these types: dropping or renaming one would lose content on load.
	it('keeps every node and mark the starter kit schema had, plus Alur’s blocks', () => {
		const schema = alurSchema();
		expect(Object.keys(schema.nodes).sort()).toEqual(
			['blockquote', 'bulletList', 'codeBlock', 'doc', 'hardBreak', 'heading', 'horizontalRule', 'lesson', 'lessonRef', 'listItem', 'orderedList', 'paragraph', 'processChange', 'taskItem', 'taskList', 'text'].sort()
		);
		expect(Object.keys(schema.marks).sort()).toEqual(['bold', 'code', 'italic', 'link', 'strike', 'underline']);
		expect(Object.keys(schema.marks.link.spec.attrs ?? {})).toEqual(['href', 'target', 'rel', 'class', 'title']);
		expect(schema.nodes.heading.spec.attrs).toHaveProperty('section');
	});

	it('renders a link only to a safe address', () => {
		for (const ok of ['https://kemenpan.go.id', 'http://x.id/a?b', 'mailto:a@b.id', 'tel:+62211234', '/o/1/d/2', 'laporan.pdf', '#bagian'])
			expect(isSafeHref(ok), ok).toBe(true);
		for (const bad of ['javascript:alert(1)', ' JavaScript:alert(1)', 'java\tscript:alert(1)', 'data:text/html,x', 'vbscript:x', '', null, 5])
			expect(isSafeHref(bad), String(bad)).toBe(false);
	});
});
