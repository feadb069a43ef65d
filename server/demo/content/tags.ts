/** The demo library's tag list: a parent, then its children (names are unique per organisation). */
export const DEMO_TAGS: { name: string; children: string[] }[] = [
	{ name: 'Pelayanan publik', children: ['Administrasi kependudukan', 'Perizinan', 'Kesehatan ibu dan anak'] },
	{ name: 'Cara kerja', children: ['Antrean', 'Komunikasi publik', 'Koordinasi lintas unit', 'Manajemen stok', 'Keselamatan pasien'] }
];
