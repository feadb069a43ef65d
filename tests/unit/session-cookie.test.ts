import { describe, expect, it } from 'vitest';
import type { Cookies } from '@sveltejs/kit';
import { clearSessionCookie, setSessionCookie } from '../../src/lib/server/auth/cookie';

type Options = Parameters<Cookies['set']>[2];

/** A cookie jar that records what the session module asked SvelteKit to send. */
function recordingCookies() {
	const sets: { name: string; value: string; options: Options }[] = [];
	const deletes: { name: string; options: Options }[] = [];
	const cookies = {
		set: (name: string, value: string, options: Options) => sets.push({ name, value, options }),
		delete: (name: string, options: Options) => deletes.push({ name, options })
	} as unknown as Cookies;
	return { cookies, sets, deletes };
}

describe('session cookie', () => {
	const expires = new Date('2026-12-20T00:00:00Z');

	it('is Secure when the browser came over https (a deployment behind https, ORIGIN=https://…)', () => {
		const { cookies, sets, deletes } = recordingCookies();
		const url = new URL('https://alur.example.go.id/login');
		setSessionCookie({ cookies, url }, 'id.secret', expires);
		clearSessionCookie({ cookies, url });
		expect(sets[0].options).toMatchObject({ secure: true, httpOnly: true, sameSite: 'lax', path: '/', expires });
		expect(deletes[0].options).toMatchObject({ secure: true, path: '/' });
	});

	it('is not Secure over plain http, where the browser would drop it off localhost (an office LAN)', () => {
		const { cookies, sets } = recordingCookies();
		setSessionCookie({ cookies, url: new URL('http://192.168.1.20:3000/login') }, 'id.secret', expires);
		expect(sets[0].options).toMatchObject({ secure: false, httpOnly: true, sameSite: 'lax', path: '/' });
	});
});
