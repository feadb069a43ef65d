import { describe, expect, it } from 'vitest';
import {
	isCurrent,
	isOverdue,
	isRetirementCandidate,
	lastVerified,
	queueSection,
	retireCutoff,
	type KeepTrueFacts
} from '../../src/lib/lessons/keep-true';
import { can, type Membership, type Resource } from '../../src/lib/access';

const now = new Date('2026-12-06T12:00:00Z');
const daysAgo = (n: number) => new Date(now.getTime() - n * 86_400_000);

const facts = (extra: Partial<KeepTrueFacts> = {}): KeepTrueFacts => ({
	status: 'published',
	publishedAt: daysAgo(30),
	verifiedAt: null,
	recheckIntervalDays: 180,
	openOutdated: 0,
	lastReusedAt: null,
	...extra
});

describe('keeping lessons true (issue 14)', () => {
	it('publication counts as the first verification; a later verification replaces it', () => {
		expect(lastVerified(facts())).toEqual(daysAgo(30));
		expect(lastVerified(facts({ verifiedAt: daysAgo(2) }))).toEqual(daysAgo(2));
		expect(lastVerified(facts({ publishedAt: null }))).toBeNull();
	});

	it('is overdue once its interval has passed since it was last verified, to the millisecond', () => {
		expect(isOverdue(facts({ publishedAt: daysAgo(179) }), now)).toBe(false);
		expect(isOverdue(facts({ publishedAt: daysAgo(180) }), now)).toBe(true);
		expect(isOverdue(facts({ publishedAt: daysAgo(400), verifiedAt: daysAgo(10) }), now)).toBe(false);
		expect(isOverdue(facts({ publishedAt: daysAgo(40), recheckIntervalDays: 30 }), now)).toBe(true);
		// Not published: nothing is due.
		expect(isOverdue(facts({ status: 'retired', publishedAt: daysAgo(400) }), now)).toBe(false);
	});

	it('is current when published, within its interval and nobody reported it outdated', () => {
		expect(isCurrent(facts(), now)).toBe(true);
		expect(isCurrent(facts({ openOutdated: 1 }), now)).toBe(false);
		expect(isCurrent(facts({ publishedAt: daysAgo(200) }), now)).toBe(false);
		expect(isCurrent(facts({ status: 'proposed', publishedAt: null }), now)).toBe(false);
		expect(isCurrent(facts({ status: 'retired' }), now)).toBe(false);
	});

	it('proposes for retirement a lesson nobody reused or verified for a year', () => {
		expect(isRetirementCandidate(facts({ publishedAt: daysAgo(366) }), now)).toBe(true);
		expect(isRetirementCandidate(facts({ publishedAt: daysAgo(364) }), now)).toBe(false);
		expect(isRetirementCandidate(facts({ publishedAt: daysAgo(800), lastReusedAt: daysAgo(100) }), now)).toBe(false);
		expect(isRetirementCandidate(facts({ publishedAt: daysAgo(800), verifiedAt: daysAgo(100) }), now)).toBe(false);
		expect(isRetirementCandidate(facts({ publishedAt: daysAgo(800), lastReusedAt: daysAgo(400) }), now)).toBe(true);
		expect(isRetirementCandidate(facts({ status: 'retired', publishedAt: daysAgo(800) }), now)).toBe(false);
		expect(retireCutoff(now)).toEqual(daysAgo(365));
	});

	it('puts a lesson in one queue section at most: a report first, then retirement, then the calendar', () => {
		expect(queueSection(facts(), now)).toBeNull();
		expect(queueSection(facts({ openOutdated: 2 }), now)).toBe('recheck');
		expect(queueSection(facts({ publishedAt: daysAgo(200) }), now)).toBe('recheck');
		expect(queueSection(facts({ publishedAt: daysAgo(500) }), now)).toBe('retire');
		expect(queueSection(facts({ publishedAt: daysAgo(500), openOutdated: 1 }), now)).toBe('recheck');
		expect(queueSection(facts({ publishedAt: daysAgo(500), lastReusedAt: daysAgo(3) }), now)).toBe('recheck');
		expect(queueSection(facts({ status: 'proposed', publishedAt: null }), now)).toBeNull();
	});
});

describe('feedback and verification rules in access.ts', () => {
	const ORG = '00000000-0000-4000-8000-000000000001';
	const TEAM = '00000000-0000-4000-8000-000000000002';
	const lesson = (status: 'draft' | 'proposed' | 'published' | 'retired' | 'merged', extra = {}): Resource =>
		({ kind: 'lesson', orgId: ORG, originTeamId: TEAM, status, sourceVisibility: 'team', everPublished: status !== 'draft' && status !== 'proposed', ...extra }) as Resource;
	const who = (orgRole: Membership['orgRole'], team?: 'member' | 'mentor'): Membership => ({
		userId: '00000000-0000-4000-8000-000000000009',
		orgId: orgRole ? ORG : null,
		orgRole,
		teamRoles: team ? { [TEAM]: team } : {}
	}) as Membership;
	const actions = ['giveFeedback', 'resolveFeedback', 'verify', 'setRecheck'] as const;
	const allowed = (m: Membership, r: Resource) => actions.filter((a) => can(m, a, r));

	it('any reader of a published lesson gives feedback; curators verify, set the interval and resolve', () => {
		expect(allowed(who('member'), lesson('published'))).toEqual(['giveFeedback']);
		expect(allowed(who('member', 'member'), lesson('published'))).toEqual(['giveFeedback']);
		expect(allowed(who('knowledge_manager'), lesson('published'))).toEqual(['giveFeedback', 'resolveFeedback', 'verify', 'setRecheck']);
		expect(allowed(who('admin'), lesson('published'))).toEqual(['giveFeedback', 'resolveFeedback', 'verify', 'setRecheck']);
	});

	it('no feedback or verification before publication or after; questions stay answerable on a retired lesson', () => {
		for (const status of ['draft', 'proposed'] as const) {
			expect(allowed(who('member', 'member'), lesson(status))).toEqual([]);
			expect(allowed(who('knowledge_manager'), lesson(status))).toEqual([]);
		}
		expect(allowed(who('member'), lesson('retired'))).toEqual([]);
		expect(allowed(who('knowledge_manager'), lesson('retired'))).toEqual(['resolveFeedback']);
		expect(allowed(who('knowledge_manager'), lesson('merged'))).toEqual([]);
	});

	it('nothing crosses an organisation boundary', () => {
		expect(allowed(who(null), lesson('published'))).toEqual([]);
	});
});
