import { fail, redirect } from '@sveltejs/kit';
import { problem } from '$lib/server/forms';
import type { Actions, PageServerLoad } from './$types';
import { m } from '$lib/paraglide/messages';
import { changePasswordSchema, formValues, profileSchema, validate } from '$lib/validation';
import { requireUser } from '$lib/server/authz';
import { deleteUser, findUserById, updatePasswordHash, updateUserName } from '$lib/server/repositories/users';
import { hashPassword, verifyPassword } from '$lib/server/auth/password';
import { deleteOtherSessions } from '$lib/server/auth/session';
import { clearSessionCookie } from '$lib/server/auth/cookie';
import { deleteOrganization, listOrgMembers, listUserOrganizations } from '$lib/server/repositories/organizations';

export const load: PageServerLoad = ({ locals, url }) => {
	const user = requireUser(locals, url);
	return { profile: { name: user.name, email: user.email } };
};

export const actions: Actions = {
	profile: async ({ request, locals, url }) => {
		const user = requireUser(locals, url);
		const input = formValues(await request.formData());
		const parsed = validate(profileSchema, input);
		if (!parsed.ok) return fail(400, { profile: problem({ name: input.name ?? '' }, parsed.errors) });
		await updateUserName(locals.database.db, user.id, parsed.data.name);
		return { profile: { saved: m.saved() } };
	},

	password: async ({ request, locals, url }) => {
		const user = requireUser(locals, url);
		const input = formValues(await request.formData());
		const parsed = validate(changePasswordSchema, input);
		if (!parsed.ok) return fail(400, { password: problem({}, parsed.errors) });
		const db = locals.database.db;
		const row = await findUserById(db, user.id);
		if (!row || !(await verifyPassword(row.passwordHash, parsed.data.current))) {
			return fail(400, { password: problem({}, { current: 'password_wrong' }) });
		}
		await updatePasswordHash(db, user.id, await hashPassword(parsed.data.password));
		// Whoever knew the old password is signed out everywhere else.
		if (locals.session) await deleteOtherSessions(db, user.id, locals.session.id);
		return { password: { saved: m.password_changed() } };
	},

	delete: async ({ request, locals, url, cookies, setHeaders }) => {
		const user = requireUser(locals, url);
		const input = formValues(await request.formData());
		const db = locals.database.db;
		const row = await findUserById(db, user.id);
		if (!row || !(await verifyPassword(row.passwordHash, input.current ?? ''))) {
			return fail(400, { remove: problem({}, { current: 'password_wrong' }) });
		}
		// An organisation must not be left without an admin; one that only has this user goes too.
		const orgs = await listUserOrganizations(db, user.id);
		const alone: string[] = [];
		for (const org of orgs) {
			const members = await listOrgMembers(db, org.id);
			if (members.length === 1) {
				alone.push(org.id);
			} else if (org.role === 'admin' && !members.some((mb) => mb.role === 'admin' && mb.userId !== user.id)) {
				return fail(400, { remove: problem({}, {}, m.account_delete_last_admin({ org: org.name })) });
			}
		}
		await db.transaction(async (tx) => {
			for (const orgId of alone) await deleteOrganization(tx, orgId);
			await deleteUser(tx, user.id);
		});
		clearSessionCookie({ cookies, url });
		// Like sign-out: the account's offline copies of documents must not stay in this browser.
		setHeaders({ 'clear-site-data': '"storage"' });
		redirect(303, '/');
	}
};
