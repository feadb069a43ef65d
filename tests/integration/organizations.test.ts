import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, testDatabases, type TestDatabase } from '../helpers/database';
import { makeOrg, makeTeam, makeUser } from '../helpers/factories';
import {
	addOrgMember,
	findOrganization,
	LastAdminError,
	listOrgMembers,
	listUserOrganizations,
	removeOrgMember,
	renameOrganization,
	setOrgRole
} from '../../src/lib/server/repositories/organizations';
import {
	listTeamMembers,
	listTeamRoles,
	listTeams,
	NotOrgMemberError,
	setTeamMember
} from '../../src/lib/server/repositories/teams';
import { createUser, EmailTakenError, findUserByEmail } from '../../src/lib/server/repositories/users';
import {
	acceptInvitation,
	createInvitation,
	InvitationError,
	listPendingInvitations,
	previewInvitation,
	revokeInvitation
} from '../../src/lib/server/repositories/invitations';
import { loadMembership } from '../../src/lib/server/authz';
import { can } from '../../src/lib/access';

describe.each(testDatabases)('accounts, organisations and teams on %s', (kind) => {
	let database: TestDatabase;
	beforeAll(async () => {
		database = await createTestDatabase(kind);
	});
	afterAll(() => database.destroy());

	it('keeps e-mails unique whatever their letter case', async () => {
		const db = database.db;
		await createUser(db, { email: 'Budi.Santoso@Bandung.go.id', name: 'Budi', passwordHash: 'x' });
		await expect(
			createUser(db, { email: 'budi.santoso@bandung.go.id', name: 'Budi 2', passwordHash: 'x' })
		).rejects.toBeInstanceOf(EmailTakenError);
		expect((await findUserByEmail(db, '  BUDI.SANTOSO@bandung.go.id '))?.name).toBe('Budi');
	});

	it('stores hostile names literally', async () => {
		const db = database.db;
		const user = await makeUser(db);
		const name = `'; DROP TABLE users;-- <script>alert(1)</script>`;
		const org = await makeOrg(db, user.id, name);
		expect((await findOrganization(db, org.id))?.name).toBe(name);
		await renameOrganization(db, org.id, '  Dinas Kesehatan  ');
		expect((await findOrganization(db, org.id))?.name).toBe('Dinas Kesehatan');
	});

	it('makes the creator the first admin and lists organisations per user', async () => {
		const db = database.db;
		const user = await makeUser(db);
		const org = await makeOrg(db, user.id, 'Badan Kepegawaian Daerah');
		const mine = await listUserOrganizations(db, user.id);
		expect(mine.map((o) => [o.name, o.role])).toEqual([['Badan Kepegawaian Daerah', 'admin']]);
		expect((await listOrgMembers(db, org.id)).map((m) => m.userId)).toEqual([user.id]);
	});

	it('never leaves an organisation without an admin', async () => {
		const db = database.db;
		const admin = await makeUser(db);
		const other = await makeUser(db);
		const org = await makeOrg(db, admin.id);
		await addOrgMember(db, org.id, other.id, 'member');
		await expect(setOrgRole(db, org.id, admin.id, 'member')).rejects.toBeInstanceOf(LastAdminError);
		await expect(removeOrgMember(db, org.id, admin.id)).rejects.toBeInstanceOf(LastAdminError);
		await setOrgRole(db, org.id, other.id, 'admin');
		await setOrgRole(db, org.id, admin.id, 'member');
		expect((await listOrgMembers(db, org.id)).find((m) => m.userId === admin.id)?.role).toBe('member');
	});

	it('only lets organisation members into its teams', async () => {
		const db = database.db;
		const admin = await makeUser(db);
		const outsider = await makeUser(db);
		const org = await makeOrg(db, admin.id);
		const team = await makeTeam(db, org.id);
		await expect(setTeamMember(db, team, outsider.id, 'member')).rejects.toBeInstanceOf(NotOrgMemberError);
		await setTeamMember(db, team, admin.id, 'mentor');
		await setTeamMember(db, team, admin.id, 'member');
		expect((await listTeamMembers(db, team.id)).map((m) => m.role)).toEqual(['member']);
		const [summary] = await listTeams(db, org.id, admin.id);
		expect(summary).toMatchObject({ id: team.id, memberCount: 1, myRole: 'member' });
	});

	it('removing a member takes them out of every team and their access ends at once', async () => {
		const db = database.db;
		const admin = await makeUser(db);
		const member = await makeUser(db);
		const org = await makeOrg(db, admin.id);
		const team = await makeTeam(db, org.id);
		await addOrgMember(db, org.id, member.id, 'member');
		await setTeamMember(db, team, member.id, 'member');
		const before = await loadMembership(db, member.id, org.id);
		expect(can(before, 'edit', { kind: 'document', orgId: org.id, teamId: team.id, visibility: 'team' })).toBe(true);

		await removeOrgMember(db, org.id, member.id);
		const after = await loadMembership(db, member.id, org.id);
		expect(after).toEqual({ userId: member.id, orgRole: null, teamRoles: {} });
		expect(can(after, 'view', { kind: 'organisation', orgId: org.id })).toBe(false);
		expect(await listTeamRoles(db, org.id, member.id)).toEqual({});
	});

	describe('the role matrix against stored memberships', () => {
		it('gives each role exactly its rights and nothing across organisations', async () => {
			const db = database.db;
			const [admin, km, mentor, teamMember, plain, stranger] = await Promise.all(
				Array.from({ length: 6 }, () => makeUser(db))
			);
			const org = await makeOrg(db, admin.id);
			const otherOrg = await makeOrg(db, stranger.id, 'Dinas Lain');
			const team = await makeTeam(db, org.id);
			await addOrgMember(db, org.id, km.id, 'knowledge_manager');
			await addOrgMember(db, org.id, mentor.id, 'member');
			await addOrgMember(db, org.id, teamMember.id, 'member');
			await addOrgMember(db, org.id, plain.id, 'member');
			await setTeamMember(db, team, mentor.id, 'mentor');
			await setTeamMember(db, team, teamMember.id, 'member');

			const teamDoc = { kind: 'document', orgId: org.id, teamId: team.id, visibility: 'team' } as const;
			const orgDoc = { ...teamDoc, visibility: 'organisation' } as const;
			const rights = async (userId: string) => {
				const m = await loadMembership(db, userId, org.id);
				return {
					manageOrg: can(m, 'manageMembers', { kind: 'organisation', orgId: org.id }),
					viewTeam: can(m, 'view', { kind: 'team', orgId: org.id, teamId: team.id }),
					editTeamDoc: can(m, 'edit', teamDoc),
					commentTeamDoc: can(m, 'comment', teamDoc),
					viewTeamDoc: can(m, 'view', teamDoc),
					viewOrgDoc: can(m, 'view', orgDoc)
				};
			};
			expect(await rights(admin.id)).toEqual({ manageOrg: true, viewTeam: true, editTeamDoc: true, commentTeamDoc: true, viewTeamDoc: true, viewOrgDoc: true });
			expect(await rights(km.id)).toEqual({ manageOrg: false, viewTeam: true, editTeamDoc: false, commentTeamDoc: true, viewTeamDoc: true, viewOrgDoc: true });
			expect(await rights(mentor.id)).toEqual({ manageOrg: false, viewTeam: true, editTeamDoc: false, commentTeamDoc: true, viewTeamDoc: true, viewOrgDoc: true });
			expect(await rights(teamMember.id)).toEqual({ manageOrg: false, viewTeam: true, editTeamDoc: true, commentTeamDoc: true, viewTeamDoc: true, viewOrgDoc: true });
			expect(await rights(plain.id)).toEqual({ manageOrg: false, viewTeam: true, editTeamDoc: false, commentTeamDoc: false, viewTeamDoc: false, viewOrgDoc: true });
			// The admin of another organisation is nobody here.
			expect(await rights(stranger.id)).toEqual({ manageOrg: false, viewTeam: false, editTeamDoc: false, commentTeamDoc: false, viewTeamDoc: false, viewOrgDoc: false });
			expect((await loadMembership(db, admin.id, otherOrg.id)).orgRole).toBeNull();
		});
	});

	describe('invitations', () => {
		const now = new Date();
		const later = new Date(now.getTime() + 7 * 86_400_000);

		it('join the organisation and team once, then are used up', async () => {
			const db = database.db;
			const admin = await makeUser(db);
			const guest = await makeUser(db);
			const third = await makeUser(db);
			const org = await makeOrg(db, admin.id);
			const team = await makeTeam(db, org.id, 'Seksi Identitas Penduduk');
			const { token } = await createInvitation(db, {
				orgId: org.id,
				orgRole: 'member',
				teamId: team.id,
				teamRole: 'mentor',
				createdBy: admin.id,
				expiresAt: later
			});
			const preview = await previewInvitation(db, token, now);
			expect(preview).toMatchObject({ orgName: org.name, teamName: 'Seksi Identitas Penduduk', teamRole: 'mentor', problem: null });
			expect(await listPendingInvitations(db, org.id, now)).toHaveLength(1);

			expect(await acceptInvitation(db, token, guest.id, now)).toEqual({ orgId: org.id, teamId: team.id });
			expect((await loadMembership(db, guest.id, org.id))).toEqual({ userId: guest.id, orgRole: 'member', teamRoles: { [team.id]: 'mentor' } });
			await expect(acceptInvitation(db, token, third.id, now)).rejects.toMatchObject({ problem: 'used' });
			expect((await previewInvitation(db, token, now)).problem).toBe('used');
			expect(await listPendingInvitations(db, org.id, now)).toHaveLength(0);
		});

		it('refuse when expired, revoked, unknown or malformed', async () => {
			const db = database.db;
			const admin = await makeUser(db);
			const guest = await makeUser(db);
			const org = await makeOrg(db, admin.id);
			const expired = await createInvitation(db, { orgId: org.id, orgRole: 'member', createdBy: admin.id, expiresAt: new Date(now.getTime() - 1000) });
			await expect(acceptInvitation(db, expired.token, guest.id, now)).rejects.toMatchObject({ problem: 'expired' });

			const revoked = await createInvitation(db, { orgId: org.id, orgRole: 'member', createdBy: admin.id, expiresAt: later });
			expect(await revokeInvitation(db, org.id, revoked.id, now)).toBe(true);
			await expect(acceptInvitation(db, revoked.token, guest.id, now)).rejects.toMatchObject({ problem: 'revoked' });

			await expect(acceptInvitation(db, 'a'.repeat(48), guest.id, now)).rejects.toMatchObject({ problem: 'unknown' });
			await expect(previewInvitation(db, `'; DROP TABLE invitations;--`, now)).rejects.toBeInstanceOf(InvitationError);
			expect((await loadMembership(db, guest.id, org.id)).orgRole).toBeNull();
		});

		it('cannot be revoked from another organisation', async () => {
			const db = database.db;
			const admin = await makeUser(db);
			const org = await makeOrg(db, admin.id);
			const otherOrg = await makeOrg(db, admin.id, 'Lain');
			const inv = await createInvitation(db, { orgId: org.id, orgRole: 'member', createdBy: admin.id, expiresAt: later });
			expect(await revokeInvitation(db, otherOrg.id, inv.id, now)).toBe(false);
			expect(await listPendingInvitations(db, org.id, now)).toHaveLength(1);
		});

		it('keeps an existing member\'s stronger role', async () => {
			const db = database.db;
			const admin = await makeUser(db);
			const org = await makeOrg(db, admin.id);
			const { token } = await createInvitation(db, { orgId: org.id, orgRole: 'member', createdBy: admin.id, expiresAt: later });
			await acceptInvitation(db, token, admin.id, now);
			expect((await loadMembership(db, admin.id, org.id)).orgRole).toBe('admin');
		});
	});
});
