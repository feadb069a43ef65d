import { actions, bullets, change, lesson, numbered, p, ref, type DemoDocument } from '../model';

/** Disdukcapil – Pencatatan Sipil: birth certificates issued at health facilities, unreported deaths, a retrospective. */
export const AKTA_DOCUMENTS: DemoDocument[] = [
	{
		key: 'akta-sop-faskes',
		team: 'akta',
		type: 'sop_improvement',
		title: 'Perbaikan SOP: akta kelahiran diterbitkan langsung dari fasilitas kesehatan',
		visibility: 'organisation',
		author: 'lina',
		editors: ['lina', 'joko', 'siti'],
		createdDaysAgo: 200,
		lastEditedDaysAgo: 180,
		sections: {
			sop_current: [p('Orang tua mengurus akta kelahiran sendiri ke kantor dinas dengan surat keterangan lahir dari bidan atau rumah sakit. Banyak yang menunda sampai anak masuk sekolah.')],
			sop_problem: [bullets('Hanya 48% bayi baru lahir memiliki akta dalam 60 hari.', 'Sepertiga berkas kurang dokumen dan harus kembali.')],
			sop_lessons: [
				p('Kami memakai dua pelajaran dari unit lain: ', ref('kia-wa'), ' untuk laporan kelahiran dari bidan, dan ', ref('pzn-periksa'), ' untuk kelengkapan berkas.')
			],
			sop_proposal: [
				numbered(
					'Bidan dan petugas rumah sakit mengirim data kelahiran lewat grup dengan format baku pada hari kelahiran.',
					'Daftar periksa dokumen diberikan kepada orang tua saat pulang dari fasilitas kesehatan.',
					'Akta dan KIA anak dikirim ke puskesmas atau lewat WhatsApp dalam bentuk PDF bertanda tangan elektronik.'
				)
			],
			sop_changes: [
				change({
					key: 'akta-60',
					indicator: 'Bayi baru lahir dengan akta dalam 60 hari',
					unit: '%',
					direction: 'increase',
					baseline: 48,
					target: 90,
					description: [['Pelaporan kelahiran dari fasilitas kesehatan (', ref('kia-wa'), ') dan daftar periksa untuk orang tua (', ref('pzn-periksa'), ').']],
					followThrough: {
						owner: 'lina',
						plannedDaysAgo: 180,
						baselineDaysAgo: 190,
						implementedDaysAgo: 172,
						source: 'SIAK: akta terbit dibanding laporan kelahiran puskesmas',
						measurements: [
							{ daysAgo: 142, value: 55 },
							{ daysAgo: 112, value: 63 },
							{ daysAgo: 82, value: 61, note: 'Satu rumah sakit swasta belum ikut grup pelaporan.' },
							{ daysAgo: 52, value: 70 },
							{ daysAgo: 22, value: 74 }
						]
					}
				})
			],
			sop_rollout: [bullets('Mulai dengan Puskesmas Sukamaju dan RSUD, lalu seluruh puskesmas dan rumah sakit swasta.')],
			sop_review: [p('Data SIAK dan laporan kelahiran dicocokkan setiap bulan.')]
		},
		review: {
			requestedBy: 'lina',
			daysAgo: 188,
			decisions: [
				{ by: 'hendra', daysAgo: 187, decision: 'approved' }
			]
		},
		comments: [
			{
				author: 'joko',
				daysAgo: 192,
				quote: 'PDF bertanda tangan elektronik',
				body: 'Perlu dicek dulu apakah semua ponsel orang tua bisa membuka PDF dengan tanda tangan elektronik.',
				replies: [{ author: 'lina', daysAgo: 191, body: 'Kita uji di uji coba; kalau gagal, kirim juga versi cetak lewat puskesmas.' }]
			},
			{
				author: 'yuliana',
				daysAgo: 196,
				quote: 'pada hari kelahiran',
				body: 'Dari sisi puskesmas bisa, tetapi persalinan malam hari baru bisa dilaporkan besok pagi. Mohon ditulis "paling lambat 1×24 jam".',
				replies: [{ author: 'lina', daysAgo: 195, body: 'Terima kasih, akan kami ubah di SOP final.' }]
			},
			{
				author: 'hendra',
				daysAgo: 190,
				body: '@Lina Marpaung bagus sekali. Jangan lupa catat baseline dari SIAK sebelum uji coba dimulai.',
				mentions: ['lina'],
				resolved: { by: 'lina', daysAgo: 189 }
			}
		]
	},
	{
		key: 'akta-fa-kematian',
		team: 'akta',
		type: 'failure_analysis',
		title: 'Kematian tidak dilaporkan sehingga data penduduk tidak mutakhir',
		visibility: 'organisation',
		author: 'joko',
		editors: ['joko', 'lina'],
		createdDaysAgo: 100,
		lastEditedDaysAgo: 80,
		sections: {
			fa_summary: [
				p('Pemadanan data dengan BPJS Kesehatan menemukan 1.240 penduduk yang sudah meninggal masih tercatat hidup di SIAK. Sebagian masih menerima bantuan sosial dan tercatat di daftar pemilih.')
			],
			fa_impact: [bullets('Data bantuan sosial dan daftar pemilih tidak akurat.', 'Ahli waris kesulitan mengurus warisan dan pensiun karena akta kematian belum ada.')],
			fa_timeline: [numbered('Pemadanan data triwulanan dengan BPJS Kesehatan.', 'Verifikasi lapangan sampel 100 nama: 91 memang sudah meninggal.')],
			fa_expected: [p('Kami mengira keluarga akan melapor karena butuh akta kematian. Ternyata kebanyakan keluarga baru melapor bila ada urusan warisan atau pensiun.')],
			fa_root_causes: [
				numbered(
					'Mengapa kematian tidak tercatat? Karena keluarga tidak melapor.',
					'Mengapa tidak melapor? Karena harus datang ke kantor dinas dengan banyak dokumen.',
					'Mengapa RT dan kelurahan tidak melapor? Karena tidak ada formulir dan jalur laporan yang mudah.'
				)
			],
			fa_factors: [bullets('Pemakaman di desa tidak mencatat kematian secara tertulis.')],
			fa_lessons: [
				lesson({
					key: 'akta-rt',
					title: 'Laporan kematian dari RT cukup dengan formulir satu halaman',
					body: ['Ketua RT mengisi formulir satu halaman dan mengirim fotonya lewat grup kelurahan. Petugas kami memverifikasi dan menerbitkan akta kematian tanpa keluarga harus datang.'],
					library: { status: 'proposed', proposedBy: 'joko', proposedDaysAgo: 84 }
				}),
				p('Jalur laporan memakai ', ref('kia-wa'), ', dan kasus sulit dibahas seperti ', ref('pzn-jeda'), '.')
			],
			fa_actions: [
				actions(
					{ text: 'Uji coba formulir RT di tiga kelurahan', owner: 'joko', dueDaysAgo: 60, done: true },
					{ text: 'Perjanjian kerja sama pelaporan dengan BPJS Kesehatan', owner: 'lina', dueDaysAgo: 10, done: false }
				)
			]
		},
		review: {
			requestedBy: 'joko',
			daysAgo: 88,
			note: 'Mohon masukan sebelum diusulkan.',
			decisions: [
				{ by: 'hendra', daysAgo: 87, decision: 'changes_requested', note: 'Lengkapi hasil verifikasi lapangan per kecamatan.' }
			]
		},
		comments: [
			{
				author: 'lina',
				daysAgo: 95,
				quote: '91 memang sudah meninggal',
				body: 'Angka ini kuat untuk meyakinkan camat. Kita bawa ke rapat koordinasi kecamatan bulan depan.',
				replies: [{ author: 'joko', daysAgo: 94, body: 'Saya siapkan satu halaman ringkasannya.' }]
			},
			{
				author: 'dewi',
				daysAgo: 83,
				body: 'Usulan pelajaran ini sedang saya tinjau. @Joko Susilo bisa tambahkan contoh formulirnya sebagai lampiran?',
				mentions: ['joko']
			}
		]
	},
	{
		key: 'akta-retro-q3',
		team: 'akta',
		type: 'retrospective',
		title: 'Retrospektif triwulan III – Pencatatan Sipil',
		visibility: 'team',
		author: 'lina',
		editors: ['lina', 'joko', 'siti'],
		createdDaysAgo: 40,
		lastEditedDaysAgo: 32,
		sections: {
			retro_well: [bullets('Akta kelahiran dalam 60 hari naik ke 70%.', 'Uji coba formulir RT menghasilkan 212 laporan kematian baru.')],
			retro_not_well: [bullets('Dokumen PDF sering tidak terbaca di ponsel lama.')],
			retro_learned: [
				lesson({
					key: 'akta-kirim',
					title: 'Warga lebih memilih dokumen dikirim daripada diambil',
					body: ['Sejak akta dikirim lewat puskesmas dan WhatsApp, hampir tidak ada yang datang mengambil. Siapkan juga versi cetak untuk warga tanpa ponsel.'],
					library: {
						status: 'published',
						proposedBy: 'siti',
						proposedDaysAgo: 36,
						publishedDaysAgo: 30,
						tags: ['Administrasi kependudukan', 'Pelayanan publik']
					}
				}),
				p('Stok kertas dan tinta untuk versi cetak kini dipantau mingguan, seperti ', ref('ktp-blanko'), '.')
			],
			retro_try: [
				actions(
					{ text: 'Kirim versi cetak lewat kantor desa untuk warga tanpa ponsel', owner: 'siti', dueDaysAgo: 5, done: true },
					{ text: 'Ajak rumah sakit swasta bergabung dengan grup pelaporan kelahiran', owner: 'lina', dueDaysAgo: -10, done: false }
				)
			]
		},
		comments: [
			{
				author: 'hendra',
				daysAgo: 35,
				quote: 'Dokumen PDF sering tidak terbaca di ponsel lama',
				body: '@Lina Marpaung coba tanya tim KTP-el, mereka pernah mengirim bukti perekaman sebagai gambar, bukan PDF.',
				mentions: ['lina'],
				replies: [{ author: 'lina', daysAgo: 34, body: 'Baik, saya hubungi Mbak Rina.' }],
				resolved: { by: 'lina', daysAgo: 33 }
			}
		]
	}
];
