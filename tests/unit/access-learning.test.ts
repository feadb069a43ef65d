import { describe, expect, it } from 'vitest';
import { can, type Membership } from '../../src/lib/access';
import type { OrgRole } from '../../src/lib/roles';

const ORG = 'org';
const ME = 'me';
const OTHER = 'other';
const member = (orgRole: OrgRole | null, userId = ME): Membership => ({ userId, orgRole, teamRoles: {} });
const mine = { kind: 'learning', orgId: ORG, userId: ME } as const;

describe('learning (70:20:10, training records)', () => {
	it('a person sees and records their own learning, whatever their role', () => {
		for (const role of ['member', 'knowledge_manager', 'admin'] as const) {
			expect(can(member(role), 'view', mine)).toBe(true);
			expect(can(member(role), 'recordTraining', mine)).toBe(true);
			expect(can(member(role), 'deleteTraining', { ...mine, recordUserId: ME })).toBe(true);
		}
	});

	it('nobody sees, records or deletes in someone else’s name, admins included', () => {
		const theirs = { kind: 'learning', orgId: ORG, userId: OTHER } as const;
		for (const role of ['member', 'knowledge_manager', 'admin'] as const) {
			expect(can(member(role), 'view', theirs)).toBe(false);
			expect(can(member(role), 'recordTraining', theirs)).toBe(false);
			expect(can(member(role), 'deleteTraining', { ...mine, recordUserId: OTHER })).toBe(false);
		}
	});

	it('only an organisation admin imports, and an outsider does nothing at all', () => {
		expect(can(member('admin'), 'importTraining', mine)).toBe(true);
		expect(can(member('knowledge_manager'), 'importTraining', mine)).toBe(false);
		expect(can(member('member'), 'importTraining', mine)).toBe(false);
		for (const action of ['view', 'recordTraining', 'deleteTraining', 'importTraining'] as const) expect(can(member(null), action, mine)).toBe(false);
	});
});
