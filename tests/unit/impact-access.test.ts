import { describe, expect, it } from 'vitest';
import { can, type Membership } from '../../src/lib/access';
import { bearerToken, parseApiToken } from '../../src/lib/server/auth/api-tokens';

const ORG = '00000000-0000-4000-8000-000000000001';
const member = (orgRole: Membership['orgRole']): Membership => ({ userId: 'u', orgRole, teamRoles: {} });

describe('impact figures: who sees them', () => {
	it('every member of the organisation, whatever their role; nobody outside', () => {
		for (const role of ['admin', 'knowledge_manager', 'member'] as const) {
			expect(can(member(role), 'view', { kind: 'impact', orgId: ORG })).toBe(true);
		}
		expect(can(member(null), 'view', { kind: 'impact', orgId: ORG })).toBe(false);
	});
});

describe('personal API token format', () => {
	const id = 'aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee';
	const secret = 'abcdefghijkmnpqrstuvwxyz';

	it('reads alur_<uuid>.<24 characters of the token alphabet>', () => {
		expect(parseApiToken(`alur_${id}.${secret}`)).toEqual({ id, secret });
		expect(parseApiToken(`alur_${id.toUpperCase()}.${secret}`)).toEqual({ id, secret });
	});

	it('refuses anything else before it reaches SQL', () => {
		for (const token of [`${id}.${secret}`, `alur_${id}`, `alur_${id}.${secret}x`, `alur_${id}.${secret.replace('a', 'l')}`, `alur_x.${secret}`, `alur_${id}.${secret}.x`, '']) {
			expect(parseApiToken(token), token).toBeNull();
		}
	});

	it('takes the token from a Bearer header only', () => {
		expect(bearerToken('Bearer abc')).toBe('abc');
		expect(bearerToken('bearer   abc ')).toBe('abc');
		expect(bearerToken('Basic abc')).toBeNull();
		expect(bearerToken('Bearer')).toBeNull();
		expect(bearerToken('Bearer a b')).toBeNull();
		expect(bearerToken(null)).toBeNull();
	});
});
