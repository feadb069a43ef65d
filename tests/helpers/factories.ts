import type { Executor } from '../../src/lib/server/db';
import { createUser } from '../../src/lib/server/repositories/users';
import { createOrganization } from '../../src/lib/server/repositories/organizations';
import { createTeam } from '../../src/lib/server/repositories/teams';

// A cheap, fixed hash: factories must not spend argon2 time; tests that sign in hash for real.
const FAKE_HASH = '$argon2id$v=19$m=19456,t=2,p=1$ZmFrZXNhbHQ$ZmFrZWhhc2g';

let counter = 0;

export async function makeUser(db: Executor, overrides: Partial<{ email: string; name: string; passwordHash: string }> = {}) {
	counter += 1;
	return createUser(db, {
		email: overrides.email ?? `user${counter}-${crypto.randomUUID().slice(0, 8)}@example.go.id`,
		name: overrides.name ?? `Pengguna ${counter}`,
		passwordHash: overrides.passwordHash ?? FAKE_HASH
	});
}

export async function makeOrg(db: Executor, creatorId: string, name = 'Dinas Kependudukan dan Pencatatan Sipil') {
	return createOrganization(db, name, creatorId);
}

export async function makeTeam(db: Executor, orgId: string, name = 'Bidang Pelayanan') {
	return createTeam(db, orgId, { name });
}
