import { describe, expect, it } from 'vitest';
import { can, documentRole, liveRole, type Membership, type Resource } from '../../src/lib/access';
import type { OrgRole, TeamRole } from '../../src/lib/roles';

const ORG = 'org-1';
const TEAM = 'team-1';
const OTHER_TEAM = 'team-2';

function member(orgRole: OrgRole | null, teamRole?: TeamRole): Membership {
	return { userId: 'u', orgRole, teamRoles: teamRole ? { [TEAM]: teamRole } : {} };
}

const org: Resource = { kind: 'organisation', orgId: ORG };
const team: Resource = { kind: 'team', orgId: ORG, teamId: TEAM };
const teamDoc = { kind: 'document', orgId: ORG, teamId: TEAM, visibility: 'team' } as const;
const orgDoc = { kind: 'document', orgId: ORG, teamId: TEAM, visibility: 'organisation' } as const;
/** A team document whose open review names this user ('u') as a reviewer; written and asked for by others. */
const reviewDoc = { ...teamDoc, createdBy: 'author', requestedBy: 'author', reviewer: true } as const;

/**
 * The full matrix: every kind of person × every action. A row is
 * [who, membership, expected allowed actions]. Anything not listed must be refused.
 */
const people: [string, Membership][] = [
	['outsider', member(null)],
	['org admin', member('admin')],
	['knowledge manager', member('knowledge_manager')],
	['plain org member', member('member')],
	['team member', member('member', 'member')],
	['team mentor', member('member', 'mentor')],
	['member of another team', { userId: 'u', orgRole: 'member', teamRoles: { [OTHER_TEAM]: 'member' } }]
];

const expected: Record<string, string[]> = {
	outsider: [],
	'org admin': [
		'organisation:view', 'organisation:rename', 'organisation:manageMembers', 'organisation:createTeam', 'organisation:leave',
		'team:view', 'team:rename', 'team:manageMembers', 'team:archive', 'team:deletePermanently', 'team:createDocument',
		'teamDoc:view', 'teamDoc:comment', 'teamDoc:edit', 'teamDoc:manage', 'teamDoc:deletePermanently', 'teamDoc:requestReview',
		'orgDoc:view', 'orgDoc:comment', 'orgDoc:edit', 'orgDoc:manage', 'orgDoc:deletePermanently', 'orgDoc:requestReview'
	],
	'knowledge manager': [
		'organisation:view', 'organisation:leave', 'team:view',
		'teamDoc:view', 'teamDoc:comment', 'orgDoc:view', 'orgDoc:comment', 'reviewDoc:signOff'
	],
	'plain org member': ['organisation:view', 'organisation:leave', 'team:view', 'orgDoc:view'],
	'team member': [
		'organisation:view', 'organisation:leave', 'team:view', 'team:createDocument',
		'teamDoc:view', 'teamDoc:comment', 'teamDoc:edit', 'teamDoc:manage', 'teamDoc:requestReview',
		'orgDoc:view', 'orgDoc:comment', 'orgDoc:edit', 'orgDoc:manage', 'orgDoc:requestReview', 'reviewDoc:signOff'
	],
	'team mentor': [
		'organisation:view', 'organisation:leave', 'team:view',
		'teamDoc:view', 'teamDoc:comment', 'orgDoc:view', 'orgDoc:comment', 'reviewDoc:signOff'
	],
	'member of another team': ['organisation:view', 'organisation:leave', 'team:view', 'orgDoc:view']
};

const checks: [string, Resource, string[]][] = [
	['organisation', org, ['view', 'rename', 'manageMembers', 'createTeam', 'leave']],
	['team', team, ['view', 'rename', 'manageMembers', 'archive', 'deletePermanently', 'createDocument']],
	['teamDoc', teamDoc, ['view', 'comment', 'edit', 'manage', 'deletePermanently', 'requestReview', 'signOff']],
	['orgDoc', orgDoc, ['view', 'comment', 'edit', 'manage', 'deletePermanently', 'requestReview', 'signOff']],
	// Only a named reviewer signs off; the matrix says which people may be one.
	['reviewDoc', reviewDoc, ['signOff']]
];

describe('can(): the role matrix', () => {
	for (const [who, membership] of people) {
		it(`${who}`, () => {
			const allowed: string[] = [];
			for (const [label, resource, actions] of checks) {
				for (const action of actions) {
					// The generic signature takes the action for the resource's kind.
					if (can(membership, action as never, resource)) allowed.push(`${label}:${action}`);
				}
			}
			expect(allowed.sort()).toEqual([...expected[who]].sort());
		});
	}
});

describe('documentRole()', () => {
	it('takes the strongest of team role, org role, visibility and share', () => {
		expect(documentRole(member('member', 'mentor'), { ...teamDoc, sharedRole: 'editor' })).toBe('editor');
		expect(documentRole(member('member'), { ...teamDoc, sharedRole: 'viewer' })).toBe('viewer');
		expect(documentRole(member('knowledge_manager', 'member'), teamDoc)).toBe('editor');
	});

	it('gives nothing to a team-visibility document for other teams', () => {
		expect(documentRole(member('member'), teamDoc)).toBeNull();
	});

	it('ignores a share for someone outside the organisation (no boundary crossing)', () => {
		expect(documentRole(member(null), { ...orgDoc, sharedRole: 'editor' })).toBeNull();
		expect(can(member(null), 'view', { ...orgDoc, sharedRole: 'editor' })).toBe(false);
	});
});

describe('archived documents are read-only', () => {
	it('caps every role at viewer with liveRole(), and leaves live documents alone', () => {
		for (const role of ['viewer', 'commenter', 'editor'] as const) {
			expect(liveRole(role, true)).toBe('viewer');
			expect(liveRole(role, false)).toBe(role);
		}
		expect(liveRole(null, true)).toBeNull();
		expect(liveRole(null, false)).toBeNull();
	});

	it('refuses edit and comment to everyone, keeps view, and keeps manage for editors (to restore it)', () => {
		const archived = { ...teamDoc, archived: true } as const;
		const allowed = (m: Membership, resource: Resource) =>
			(['view', 'comment', 'edit', 'manage'] as const).filter((action) => can(m, action, resource));
		// (deletePermanently is tested below: it is an admin's, archived or not.)
		for (const [who, membership] of people) {
			const live = allowed(membership, teamDoc);
			const expected = live.filter((action) => action === 'view' || action === 'manage');
			expect(allowed(membership, archived), who).toEqual(expected);
		}
		expect(allowed(member('member', 'member'), archived)).toEqual(['view', 'manage']);
		expect(allowed(member('member', 'mentor'), archived)).toEqual(['view']);
		expect(allowed(member('member'), { ...orgDoc, archived: true, sharedRole: 'editor' })).toEqual(['view', 'manage']);
		expect(allowed(member(null), { ...orgDoc, archived: true, sharedRole: 'editor' })).toEqual([]);
	});
});

describe('archived teams and permanent deletion', () => {
	it('an archived team takes no new documents, and only admins archive, restore or delete permanently', () => {
		const archivedTeam = { kind: 'team', orgId: ORG, teamId: TEAM, archived: true } as const;
		for (const [who, membership] of people) {
			expect(can(membership, 'createDocument', archivedTeam), who).toBe(false);
			const admin = membership.orgRole === 'admin';
			expect(can(membership, 'archive', archivedTeam), who).toBe(admin);
			expect(can(membership, 'deletePermanently', archivedTeam), who).toBe(admin);
			expect(can(membership, 'deletePermanently', team), who).toBe(admin);
		}
	});

	it('a document an admin may not even see cannot be deleted by them either (nothing crosses organisations)', () => {
		const otherOrgAdmin: Membership = { userId: 'u', orgRole: null, teamRoles: {} };
		expect(can(otherOrgAdmin, 'deletePermanently', orgDoc)).toBe(false);
	});

	it('deleting permanently is not capped by archiving: an admin deletes archived documents too', () => {
		expect(can(member('admin'), 'deletePermanently', { ...teamDoc, archived: true })).toBe(true);
		expect(can(member('member', 'member'), 'deletePermanently', { ...teamDoc, archived: true })).toBe(false);
	});
});

describe('reviews: asking for one and signing off', () => {
	const mentor = member('member', 'mentor');
	const teamMember = member('member', 'member');

	it('editors ask for review, nobody does on an archived document', () => {
		for (const [who, membership] of people) {
			expect(can(membership, 'requestReview', teamDoc), who).toBe(can(membership, 'edit', teamDoc));
			expect(can(membership, 'requestReview', { ...teamDoc, archived: true }), who).toBe(false);
		}
		// A share as editor is enough; a share as commenter is not.
		expect(can(member('member'), 'requestReview', { ...teamDoc, sharedRole: 'editor' })).toBe(true);
		expect(can(member('member'), 'requestReview', { ...teamDoc, sharedRole: 'commenter' })).toBe(false);
	});

	it('nobody approves their own document: not its creator, not the one who asked', () => {
		expect(can(mentor, 'signOff', reviewDoc)).toBe(true);
		expect(can(mentor, 'signOff', { ...reviewDoc, createdBy: 'u' })).toBe(false);
		expect(can(mentor, 'signOff', { ...reviewDoc, requestedBy: 'u' })).toBe(false);
		expect(can(teamMember, 'signOff', { ...reviewDoc, createdBy: 'u', requestedBy: 'other' })).toBe(false);
		// A deleted account (null) is somebody else.
		expect(can(mentor, 'signOff', { ...reviewDoc, createdBy: null, requestedBy: null })).toBe(true);
		// Not knowing the creator is not "someone else": refused.
		expect(can(mentor, 'signOff', { ...teamDoc, reviewer: true, requestedBy: 'author' })).toBe(false);
	});

	it('only named reviewers of the team (or knowledge managers) sign off, and not on an archived document', () => {
		expect(can(mentor, 'signOff', { ...reviewDoc, reviewer: false })).toBe(false);
		expect(can(mentor, 'signOff', { ...reviewDoc, archived: true })).toBe(false);
		// Seeing the document is not enough: an org member reading an organisation-wide document,
		// or someone with a share, is no reviewer even when named.
		expect(can(member('member'), 'signOff', { ...reviewDoc, visibility: 'organisation' })).toBe(false);
		expect(can(member('member'), 'signOff', { ...reviewDoc, sharedRole: 'editor' })).toBe(false);
		// A knowledge manager who may see it is one; an outsider never.
		expect(can(member('knowledge_manager'), 'signOff', reviewDoc)).toBe(true);
		expect(can(member(null), 'signOff', { ...reviewDoc, sharedRole: 'editor' })).toBe(false);
	});
});

describe('the lesson library (issue 14)', () => {
	const lesson = (status: 'draft' | 'proposed' | 'published' | 'retired' | 'merged', extra: Partial<Extract<Resource, { kind: 'lesson' }>> = {}) =>
		({ kind: 'lesson', orgId: ORG, originTeamId: TEAM, status, sourceVisibility: 'team', ...extra }) as const;
	const lessonChecks: [string, Resource][] = [
		['library', { kind: 'library', orgId: ORG }],
		['draft', lesson('draft')],
		['proposed', lesson('proposed')],
		['published', lesson('published')],
		['retired', lesson('retired', { everPublished: true })],
		['merged', lesson('merged', { everPublished: true })]
	];
	const ALL = { library: ['view', 'curate', 'editTags'], lesson: ['view', 'propose', 'publish', 'sendBack', 'retire', 'republish', 'merge', 'editLibraryText', 'tag'] };
	const everyoneReads = ['library:view', 'published:view', 'retired:view', 'merged:view'];
	const curator = [
		...everyoneReads, 'library:curate', 'library:editTags', 'draft:view', 'proposed:view',
		'draft:editLibraryText', 'draft:tag',
		'proposed:publish', 'proposed:sendBack', 'proposed:retire', 'proposed:merge', 'proposed:editLibraryText', 'proposed:tag',
		'published:retire', 'published:merge', 'published:editLibraryText', 'published:tag',
		'retired:republish', 'retired:editLibraryText', 'retired:tag'
	];
	// Lessons of a team-only document: before publication only the team (and curators) see them.
	const lessonExpected: Record<string, string[]> = {
		outsider: [],
		'org admin': [...curator, 'draft:propose'],
		'knowledge manager': curator,
		'plain org member': everyoneReads,
		'team member': [...everyoneReads, 'draft:view', 'proposed:view', 'draft:propose'],
		'team mentor': [...everyoneReads, 'draft:view', 'proposed:view'],
		'member of another team': everyoneReads
	};

	for (const [who, membership] of people) {
		it(`matrix: ${who}`, () => {
			const allowed: string[] = [];
			for (const [label, resource] of lessonChecks) {
				for (const action of resource.kind === 'library' ? ALL.library : ALL.lesson) {
					if (can(membership, action as never, resource)) allowed.push(`${label}:${action}`);
				}
			}
			expect(allowed.sort()).toEqual([...lessonExpected[who]].sort());
		});
	}

	it('a lesson of an organisation-wide (or shared) document is readable before publication, not proposable by others', () => {
		const plain = member('member');
		expect(can(plain, 'view', lesson('proposed', { sourceVisibility: 'organisation' }))).toBe(true);
		expect(can(plain, 'view', lesson('draft', { sharedRole: 'viewer' }))).toBe(true);
		expect(can(plain, 'propose', lesson('draft', { sourceVisibility: 'organisation', sharedRole: 'editor' }))).toBe(false);
		// Retired before it was ever published (a proposal turned down): still the team's.
		expect(can(plain, 'view', lesson('retired'))).toBe(false);
		// Source document deleted permanently: the lesson's team and curators still see the draft.
		expect(can(member('member', 'member'), 'view', lesson('draft', { sourceVisibility: null }))).toBe(true);
		expect(can(plain, 'view', lesson('draft', { sourceVisibility: null }))).toBe(false);
	});

	it('a lesson whose block was deleted is not proposed; nothing crosses organisations', () => {
		expect(can(member('member', 'member'), 'propose', lesson('draft', { removed: true }))).toBe(false);
		expect(can(member(null), 'view', lesson('published'))).toBe(false);
		expect(can(member(null), 'view', { kind: 'library', orgId: ORG })).toBe(false);
	});
});
