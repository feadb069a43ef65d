import { describe, expect, it } from 'vitest';
import { breadcrumbsFor } from '../../src/lib/components/shell/breadcrumbs';
import { parseSearchHits } from '../../src/lib/components/shell/search-hits';
import type { ShellOrg } from '../../src/lib/components/shell/shell-data';

const shell: ShellOrg = { id: 'o1', name: 'Dinas Dukcapil', canManage: true, unread: 0, teams: [] };

describe('top bar breadcrumbs', () => {
	it('walks organisation → team on the team page, the last crumb without a link', () => {
		expect(breadcrumbsFor('/o/[orgId]/teams/[teamId]', shell, { team: { id: 't1', name: 'Bidang Pelayanan' } })).toEqual([
			{ label: 'Dinas Dukcapil', href: '/o/o1' },
			{ label: 'Bidang Pelayanan' }
		]);
		expect(breadcrumbsFor('/o/[orgId]/members', shell, {})).toEqual([{ label: 'Dinas Dukcapil', href: '/o/o1' }, { label: 'Anggota' }]);
		expect(breadcrumbsFor('/o/[orgId]/inbox', shell, {})).toEqual([{ label: 'Dinas Dukcapil', href: '/o/o1' }, { label: 'Kotak masuk' }]);
		expect(breadcrumbsFor('/o/[orgId]/library', shell, {})).toEqual([{ label: 'Dinas Dukcapil', href: '/o/o1' }, { label: 'Pustaka pelajaran' }]);
	});

	it('leaves the document page to its own header, and shows nothing it cannot name', () => {
		expect(breadcrumbsFor('/o/[orgId]/d/[documentId]', shell, { team: { id: 't1', name: 'Bidang' } })).toEqual([]);
		// A page whose data has no usable team (a shape the shell does not own) gets no team crumb.
		expect(breadcrumbsFor('/o/[orgId]/teams/[teamId]', shell, { team: { id: 7 } })).toEqual([{ label: 'Dinas Dukcapil', href: '/o/o1' }]);
		expect(breadcrumbsFor('/', undefined, {})).toEqual([]);
		expect(breadcrumbsFor('/account', undefined, {})).toEqual([{ label: 'Akun saya' }]);
	});
});

describe('quick search answer', () => {
	it('accepts only the shape the endpoint promises', () => {
		const hit = { id: 'd1', title: 'Antrean', teamId: 't1', teamName: 'Bidang' };
		expect(parseSearchHits({ documents: [hit] })).toEqual([hit]);
		expect(parseSearchHits({ documents: [] })).toEqual([]);
		// An error body ({code, message}), a hit missing its team, or no object at all: not hits.
		expect(parseSearchHits({ code: 'not_found', message: 'x' })).toBeNull();
		expect(parseSearchHits({ documents: [{ id: 'd1', title: 'Antrean' }] })).toBeNull();
		expect(parseSearchHits('<html>')).toBeNull();
	});
});
