import { describe, expect, it } from 'vitest';
import { mayResolveThread, mayWrite } from '../../src/lib/access';
import { BODY_FRAGMENT, COMMENTS_MAP, TITLE_TEXT } from '../../src/lib/document-contract';
import type { DocumentRole } from '../../src/lib/roles';

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
