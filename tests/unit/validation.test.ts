import { describe, expect, it } from 'vitest';
import { LIMITS, formValues, loginSchema, orgNameSchema, registerSchema, validate } from '../../src/lib/validation';
import { ConfigError, parseConfig } from '../../src/lib/server/config';

describe('form validation', () => {
	it('reports one error key per field', () => {
		const result = validate(registerSchema, { name: '', email: 'not-an-email', password: 'short', confirm: 'other' });
		expect(result).toEqual({
			ok: false,
			errors: { name: 'required', email: 'email_invalid', password: 'password_short', confirm: 'password_mismatch' }
		});
	});

	it('refuses a 10 000-character organisation name with the length error', () => {
		expect(validate(orgNameSchema, { name: 'x'.repeat(10_000) })).toEqual({ ok: false, errors: { name: 'too_long' } });
		expect(validate(orgNameSchema, { name: 'x'.repeat(LIMITS.orgName) }).ok).toBe(true);
	});

	it('keeps hostile strings as text', () => {
		const name = `'; DROP TABLE users;-- <script>alert(1)</script>`;
		expect(validate(orgNameSchema, { name })).toEqual({ ok: true, data: { name } });
	});

	it('trims e-mails before checking them', () => {
		expect(validate(loginSchema, { email: '  Budi@Example.go.id ', password: 'x' })).toEqual({
			ok: true,
			data: { email: 'Budi@Example.go.id', password: 'x' }
		});
	});

	it('reads only string fields from FormData', () => {
		const data = new FormData();
		data.set('a', '1');
		data.set('f', new Blob(['x']));
		expect(formValues(data)).toEqual({ a: '1' });
	});
});

describe('configuration', () => {
	it('has working defaults', () => {
		const config = parseConfig({});
		expect(config.PORT).toBe(3000);
		expect(config.DATA_DIR).toBe('./data');
		expect(config.DATABASE_URL).toBeUndefined();
	});

	it('lists every problem at once', () => {
		try {
			parseConfig({ PORT: 'abc', DATABASE_URL: 'mysql://x', ORIGIN: 'nope' });
			expect.unreachable();
		} catch (error) {
			expect(error).toBeInstanceOf(ConfigError);
			const problems = (error as ConfigError).problems.join('\n');
			expect(problems).toMatch(/PORT/);
			expect(problems).toMatch(/DATABASE_URL/);
			expect(problems).toMatch(/ORIGIN/);
		}
	});

	it('treats an empty value as unset', () => {
		expect(parseConfig({ DATABASE_URL: '' }).DATABASE_URL).toBeUndefined();
	});
});
