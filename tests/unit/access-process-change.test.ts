import { describe, expect, it } from 'vitest';
import { can, type Membership, type Resource } from '../../src/lib/access';

const org = 'org-1';
const team = 'team-a';
const doc = (over: Partial<Extract<Resource, { kind: 'document' }>> = {}): Extract<Resource, { kind: 'document' }> => ({
	kind: 'document',
	orgId: org,
	teamId: team,
	visibility: 'team',
	...over
});
const change = (over: Partial<Extract<Resource, { kind: 'processChange' }>> = {}): Extract<Resource, { kind: 'processChange' }> => ({
	kind: 'processChange',
	orgId: org,
	originTeamId: team,
	document: doc(),
	...over
});
const who = (orgRole: Membership['orgRole'], teamRole?: 'member' | 'mentor'): Membership => ({
	userId: 'u',
	orgRole,
	teamRoles: teamRole ? { [team]: teamRole } : {}
});

describe('process change access', () => {
	it("the document's editors follow through, its readers view, others nothing", () => {
		const member = who('member', 'member');
		const mentor = who('member', 'mentor');
		const other = who('member');
		const admin = who('admin');
		const outsider = who(null);
		expect([can(member, 'view', change()), can(member, 'followThrough', change())]).toEqual([true, true]);
		expect([can(admin, 'view', change()), can(admin, 'followThrough', change())]).toEqual([true, true]);
		expect([can(mentor, 'view', change()), can(mentor, 'followThrough', change())]).toEqual([true, false]);
		expect(can(other, 'view', change())).toBe(false);
		expect(can(outsider, 'view', change({ document: doc({ visibility: 'organisation' }) }))).toBe(false);
		// An organisation-wide document: everyone reads, only editors act; a shared editor acts.
		expect([can(other, 'view', change({ document: doc({ visibility: 'organisation' }) })), can(other, 'followThrough', change({ document: doc({ visibility: 'organisation' }) }))]).toEqual([true, false]);
		expect(can(other, 'followThrough', change({ document: doc({ sharedRole: 'editor' }) }))).toBe(true);
	});

	it('goes on while the document is archived, stops once the block is removed', () => {
		const member = who('member', 'member');
		expect(can(member, 'followThrough', change({ document: doc({ archived: true }) }))).toBe(true);
		expect(can(member, 'followThrough', change({ removed: true }))).toBe(false);
		expect(can(member, 'view', change({ removed: true }))).toBe(true);
	});

	it('without its document: the origin team, admins and knowledge managers read it, nobody acts', () => {
		const gone = change({ document: null });
		expect(can(who('member', 'member'), 'view', gone)).toBe(true);
		expect(can(who('member', 'mentor'), 'view', gone)).toBe(true);
		expect(can(who('knowledge_manager'), 'view', gone)).toBe(true);
		expect(can(who('admin'), 'view', gone)).toBe(true);
		expect(can(who('member'), 'view', gone)).toBe(false);
		expect(can(who('admin'), 'followThrough', gone)).toBe(false);
		expect(can(who('member', 'member'), 'followThrough', gone)).toBe(false);
	});
});
