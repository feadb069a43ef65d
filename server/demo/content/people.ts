import type { DemoPerson, DemoTeam } from '../model';

/**
 * The demo organisation: one regency government (Pemkab) whose units — the civil registry
 * (Disdukcapil), a community health centre (puskesmas) and the one-stop licensing office
 * (DPMPTSP) — are teams of one organisation, so a lesson learned in one unit can be reused in
 * another and the dashboard shows it.
 */
export const DEMO_ORG_NAME = 'Pemerintah Kabupaten Contoh (demo)';

/** Every demo account signs in with this password (printed by the seed, written in the README). */
export const DEMO_PASSWORD = 'alur-demo-2026';

export const DEMO_EMAIL_DOMAIN = 'demo.example';

export const DEMO_TEAMS: DemoTeam[] = [
	{
		key: 'ktp',
		name: 'Disdukcapil – Pelayanan KTP-el',
		description: 'Perekaman dan pencetakan KTP elektronik di kantor dinas dan layanan jemput bola.'
	},
	{
		key: 'akta',
		name: 'Disdukcapil – Pencatatan Sipil',
		description: 'Akta kelahiran, akta kematian dan pemutakhiran data penduduk.'
	},
	{
		key: 'kia',
		name: 'Puskesmas Sukamaju – Layanan KIA',
		description: 'Kesehatan ibu dan anak: pemeriksaan kehamilan, persalinan, imunisasi dan posyandu.'
	},
	{
		key: 'pzn',
		name: 'DPMPTSP – Perizinan Berusaha',
		description: 'Perizinan berusaha berbasis risiko (OSS RBA) dan Persetujuan Bangunan Gedung (PBG).'
	}
];

const email = (local: string) => `${local}@${DEMO_EMAIL_DOMAIN}`;

export const DEMO_PEOPLE: DemoPerson[] = [
	{
		key: 'bambang',
		name: 'Bambang Sutrisno',
		email: email('admin'),
		orgRole: 'admin',
		teams: {},
		training: [{ course: 'Manajemen ASN dan Sistem Merit', organiser: 'BKPSDM Kabupaten Contoh', daysAgo: 200, hours: 16 }]
	},
	{
		key: 'dewi',
		name: 'Dewi Lestari',
		email: email('dewi'),
		orgRole: 'knowledge_manager',
		teams: {},
		training: [
			{ course: 'Manajemen Pengetahuan di Instansi Pemerintah', organiser: 'LAN RI', daysAgo: 290, hours: 24 },
			{ course: 'Kurasi Konten Pembelajaran Mandiri', organiser: 'ASN Unggul', daysAgo: 120, hours: 8 }
		]
	},
	{
		key: 'hendra',
		name: 'Hendra Wijaya',
		email: email('hendra'),
		orgRole: 'member',
		teams: { ktp: 'mentor', akta: 'mentor', pzn: 'mentor' },
		training: [{ course: 'Coaching dan Mentoring bagi Pejabat Administrator', organiser: 'BPSDM Provinsi', daysAgo: 250, hours: 16 }]
	},
	{
		key: 'ratna',
		name: 'dr. Ratna Sari',
		email: email('ratna'),
		orgRole: 'member',
		teams: { kia: 'mentor' },
		training: [{ course: 'Audit Maternal Perinatal', organiser: 'Dinas Kesehatan Kabupaten', daysAgo: 160, hours: 16 }]
	},
	{
		key: 'rina',
		name: 'Rina Marlina',
		email: email('rina'),
		orgRole: 'member',
		teams: { ktp: 'member' },
		training: [{ course: 'Pelayanan Prima', organiser: 'BKPSDM Kabupaten Contoh', daysAgo: 230, hours: 12 }]
	},
	{
		key: 'agus',
		name: 'Agus Setiawan',
		email: email('agus'),
		orgRole: 'member',
		teams: { ktp: 'member' },
		training: [{ course: 'Bimbingan Teknis SIAK Terpusat', organiser: 'Ditjen Dukcapil Kemendagri', daysAgo: 180, hours: 16 }]
	},
	{
		key: 'siti',
		name: 'Siti Rahmawati',
		email: email('siti'),
		orgRole: 'member',
		teams: { ktp: 'member', akta: 'member' },
		training: []
	},
	{
		key: 'lina',
		name: 'Lina Marpaung',
		email: email('lina'),
		orgRole: 'member',
		teams: { akta: 'member' },
		training: [{ course: 'Bimbingan Teknis Pencatatan Sipil', organiser: 'Ditjen Dukcapil Kemendagri', daysAgo: 140, hours: 16 }]
	},
	{
		key: 'joko',
		name: 'Joko Susilo',
		email: email('joko'),
		orgRole: 'member',
		teams: { akta: 'member' },
		training: []
	},
	{
		key: 'yuliana',
		name: 'Yuliana Simanjuntak',
		email: email('yuliana'),
		orgRole: 'member',
		teams: { kia: 'member' },
		training: [
			{ course: 'Pelatihan Asuhan Persalinan Normal (penyegaran)', organiser: 'Dinas Kesehatan Kabupaten', daysAgo: 310, hours: 24 },
			{ course: 'Kelas Ibu Hamil bagi Fasilitator', organiser: 'Puskesmas Sukamaju', daysAgo: 90, hours: 6 }
		]
	},
	{
		key: 'fitri',
		name: 'Fitri Handayani',
		email: email('fitri'),
		orgRole: 'member',
		teams: { kia: 'member' },
		training: [{ course: 'Pencatatan dan Pelaporan KIA', organiser: 'Dinas Kesehatan Kabupaten', daysAgo: 150, hours: 8 }]
	},
	{
		key: 'aisyah',
		name: 'Nur Aisyah',
		email: email('aisyah'),
		orgRole: 'member',
		teams: { kia: 'member' },
		training: []
	},
	{
		key: 'andi',
		name: 'Andi Pratama',
		email: email('andi'),
		orgRole: 'member',
		teams: { pzn: 'member' },
		training: [{ course: 'Bimbingan Teknis OSS Berbasis Risiko', organiser: 'Kementerian Investasi/BKPM', daysAgo: 280, hours: 16 }]
	},
	{
		key: 'maya',
		name: 'Maya Kusumawati',
		email: email('maya'),
		orgRole: 'member',
		teams: { pzn: 'member' },
		training: [{ course: 'Penyelenggaraan PBG melalui SIMBG', organiser: 'Kementerian PUPR', daysAgo: 200, hours: 16 }]
	},
	{
		key: 'yusuf',
		name: 'Yusuf Hidayat',
		email: email('yusuf'),
		orgRole: 'member',
		teams: { pzn: 'member' },
		training: []
	}
];
