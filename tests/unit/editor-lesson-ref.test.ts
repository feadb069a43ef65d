import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { prosemirrorJSONToYDoc, yDocToProsemirrorJSON } from '@tiptap/y-tiptap';
import { alurSchema } from '../../src/lib/editor/extensions';
import { BODY_FRAGMENT, NODE } from '../../src/lib/document-contract';
import { walkDocument } from '../../src/lib/projection/walk';
import { BLOCK_ITEMS } from '../../src/lib/components/editor/blocks';
import { filterBlocks } from '../../src/lib/components/editor/block-filter';

const ref = { id: '6f1c2a4e-8d3b-4c5a-9e7f-0a1b2c3d4e5f', lessonId: '0d9e8f7a-6b5c-4d3e-8f1a-2b3c4d5e6f70' };
const doc = {
	type: 'doc',
	content: [
		{
			type: 'paragraph',
			content: [
				{ type: 'text', text: 'Lihat ' },
				{ type: 'lessonRef', attrs: ref },
				{ type: 'text', text: ' untuk latar.' }
			]
		}
	]
};

describe('lessonRef node', () => {
	it('is an inline atom whose id and lessonId survive JSON and the Y.Doc', () => {
		const schema = alurSchema();
		const type = schema.nodes[NODE.lessonRef];
		expect(type.isInline && type.isAtom).toBe(true);
		expect(schema.nodeFromJSON(doc).toJSON()).toEqual(doc);
		const ydoc = prosemirrorJSONToYDoc(schema, doc, BODY_FRAGMENT);
		expect(yDocToProsemirrorJSON(ydoc, BODY_FRAGMENT)).toEqual(doc);
		// The projection reads the same reference from the Y.Doc.
		expect(walkDocument(ydoc).lessonRefs).toEqual([expect.objectContaining({ blockId: ref.id, lessonId: ref.lessonId })]);
		ydoc.destroy();
	});

	it('keeps its attributes through HTML', () => {
		const schema = alurSchema();
		const node = schema.nodeFromJSON({ type: 'lessonRef', attrs: ref });
		const spec = schema.nodes.lessonRef.spec.toDOM?.(node) as [string, Record<string, string>];
		expect(spec[0]).toBe('span');
		expect(spec[1]).toMatchObject({ 'data-type': 'lesson-ref', 'data-id': ref.id, 'data-lesson-id': ref.lessonId });
	});

	it('is offered by the slash menu as "Sisipkan pelajaran"', () => {
		const item = BLOCK_ITEMS.find((i) => i.id === 'lessonRef');
		expect(item?.label()).toBe('Sisipkan pelajaran');
		expect(filterBlocks('sisipkan', BLOCK_ITEMS).map((i) => i.id)).toEqual(['lessonRef']);
		expect(filterBlocks('pustaka', BLOCK_ITEMS).map((i) => i.id)).toEqual(['lessonRef']);
	});
});
