import { describe, expect, it } from 'vitest';
import { mayResolveThread, mayWrite } from '../../src/lib/access';
import {
	BODY_FRAGMENT,
	COMMENTS_MAP,
	TITLE_TEXT,
	commentKey,
	commentKeyOwner,
	readCommentEntry
} from '../../src/lib/document-contract';
import type { DocumentRole } from '../../src/lib/roles';

const ME = '0f9b6c1e-3d0a-4c41-9d2c-6f1a5e7b8c01';
const YOU = '9c8b7a60-5f4e-4d3c-b2a1-0f1e2d3c4b5a';

describe('comment keys', () => {
	it('name their owner before the first separator, and nothing else does', () => {
		expect(commentKeyOwner(commentKey(ME, 'm1'))).toBe(ME);
		expect(commentKeyOwner(commentKey(ME, 'a/b'))).toBe(ME);
		for (const key of ['t1', `${ME}/`, `/${ME}`, 'bukan-uuid/m1', `${ME}`, '']) expect(commentKeyOwner(key)).toBeNull();
	});

	it('read entry values of the three kinds and nothing else', () => {
		expect(readCommentEntry({ kind: 'thread', thread: 't', text: 'x', at: '1', anchor: { from: 'a', to: 'b' } })).not.toBeNull();
		expect(readCommentEntry({ kind: 'reply', thread: 't', text: 'x', at: '1' })).not.toBeNull();
		expect(readCommentEntry({ kind: 'status', thread: 't', resolved: true, at: '1' })).not.toBeNull();
		for (const bad of [null, 5, 'x', { kind: 'thread', thread: 't', text: 'x', at: '1' }, { kind: 'status', thread: 't', at: '1' }, { kind: 'other', thread: 't', text: '', at: '1' }])
			expect(readCommentEntry(bad)).toBeNull();
	});
});

describe('mayWrite (the coarse gate)', () => {
	// [role, root, allowed] — the same answer for insert and delete. Inside `comments`, every
	// struct then goes through the comment rules (tests/unit/comments-policy.test.ts).
	const table: [DocumentRole, string, boolean][] = [
		['viewer', BODY_FRAGMENT, false],
		['viewer', COMMENTS_MAP, false],
		['viewer', TITLE_TEXT, false],
		['viewer', 'meta', false],
		['commenter', BODY_FRAGMENT, false],
		['commenter', COMMENTS_MAP, true],
		['commenter', TITLE_TEXT, false],
		['commenter', 'meta', false],
		['editor', BODY_FRAGMENT, true],
		['editor', COMMENTS_MAP, true],
		['editor', TITLE_TEXT, true],
		['editor', 'meta', true]
	];
	for (const [role, root, allowed] of table)
		it(`${role} ${allowed ? 'may' : 'may not'} write in ${root}`, () => {
			expect(mayWrite(role, root)).toBe(allowed);
		});
});

describe('mayResolveThread', () => {
	it("lets editors resolve any thread and a commenter only its own; viewers none", () => {
		expect(mayResolveThread('editor', false)).toBe(true);
		expect(mayResolveThread('editor', true)).toBe(true);
		expect(mayResolveThread('commenter', true)).toBe(true);
		expect(mayResolveThread('commenter', false)).toBe(false);
		expect(mayResolveThread('viewer', true)).toBe(false);
	});
});
