import { describe, expect, it } from 'vitest';
import { mayWrite } from '../../src/lib/access';
import {
	BODY_FRAGMENT,
	COMMENTS_MAP,
	TITLE_TEXT,
	commentKey,
	commentKeyOwner,
	readCommentEntry,
	type WriteOperation,
	type WriteTarget
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

describe('mayWrite', () => {
	const body: WriteTarget = { root: BODY_FRAGMENT, key: null };
	const mine: WriteTarget = { root: COMMENTS_MAP, key: commentKey(ME, 'm1') };
	const yours: WriteTarget = { root: COMMENTS_MAP, key: commentKey(YOU, 'm2') };
	const ownerless: WriteTarget = { root: COMMENTS_MAP, key: 't1' };
	const listInComments: WriteTarget = { root: COMMENTS_MAP, key: null };
	const otherRoot: WriteTarget = { root: 'meta', key: 'x' };
	// The title is a Y.Text: its characters sit under no key; a forged map-style key must not
	// open it to anyone an editor's rights would not.
	const title: WriteTarget = { root: TITLE_TEXT, key: null };
	const titleKeyed: WriteTarget = { root: TITLE_TEXT, key: commentKey(ME, 'm1') };

	// [role, target, allowed] — the same answer for insert and delete.
	const table: [DocumentRole, WriteTarget, boolean][] = [
		['viewer', body, false],
		['viewer', mine, false],
		['viewer', otherRoot, false],
		['viewer', title, false],
		['viewer', titleKeyed, false],
		['commenter', body, false],
		['commenter', mine, true],
		['commenter', yours, false],
		['commenter', ownerless, false],
		['commenter', listInComments, false],
		['commenter', otherRoot, false],
		['commenter', title, false],
		['commenter', titleKeyed, false],
		['editor', body, true],
		['editor', mine, true],
		['editor', yours, false],
		['editor', ownerless, false],
		['editor', listInComments, false],
		['editor', otherRoot, true],
		['editor', title, true],
		['editor', titleKeyed, true]
	];
	for (const [role, target, allowed] of table)
		for (const operation of ['insert', 'delete'] as WriteOperation[])
			it(`${role} ${allowed ? 'may' : 'may not'} ${operation} at ${target.root}/${target.key ?? '-'}`, () => {
				expect(mayWrite(role, ME, target, operation)).toBe(allowed);
			});
});
