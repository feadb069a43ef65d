import { actions, bullets, change, lesson, numbered, p, ref, type DemoDocument } from '../model';

/** DPMPTSP – Perizinan Berusaha: incomplete PBG files analysed, verification reworked, two follow-ups. */
export const PERIZINAN_DOCUMENTS: DemoDocument[] = [
	{
		key: 'pzn-fa-pbg',
		team: 'pzn',
		type: 'failure_analysis',
		title: 'Izin PBG tertunda karena berkas teknis tidak lengkap',
		visibility: 'organisation',
		author: 'andi',
		editors: ['andi', 'maya', 'yusuf'],
		createdDaysAgo: 330,
		lastEditedDaysAgo: 312,
		sections: {
			fa_summary: [
				p(
					'Dalam satu triwulan, 38% permohonan Persetujuan Bangunan Gedung (PBG) dikembalikan karena berkas teknis tidak lengkap. Rata-rata penerbitan PBG menjadi 28 hari, jauh di atas standar pelayanan.'
				)
			],
			fa_impact: [
				bullets(
					'Pelaku usaha menunda pembangunan; dua investor mengeluh langsung ke bupati.',
					'Loket penuh oleh pemohon yang datang untuk bertanya atau melengkapi berkas.'
				)
			],
			fa_timeline: [
				numbered(
					'Pemohon mengunggah berkas di SIMBG tanpa tahu dokumen teknis apa yang wajib.',
					'Verifikator memeriksa berkas rata-rata 6 hari setelah diunggah, lalu mengembalikannya.',
					'Pemohon datang ke loket untuk bertanya; antrean pagi mencapai 80 orang.'
				)
			],
			fa_expected: [p('Kami mengira panduan di situs web cukup. Ternyata pemohon, terutama usaha kecil, tidak membacanya dan konsultan mereka memakai daftar lama.')],
			fa_root_causes: [
				numbered(
					'Mengapa berkas dikembalikan? Karena dokumen teknis tidak lengkap.',
					'Mengapa tidak lengkap? Karena pemohon tidak tahu daftar yang berlaku.',
					'Mengapa tidak tahu? Karena daftar hanya ada di situs web dan tidak diberikan saat konsultasi.',
					'Mengapa loket penuh? Karena semua urusan, dari bertanya sampai ambil dokumen, lewat satu antrean pagi.'
				)
			],
			fa_factors: [bullets('Perubahan regulasi PBG membuat daftar dokumen berubah dua kali dalam setahun.')],
			fa_lessons: [
				lesson({
					key: 'pzn-periksa',
					title: 'Bagikan daftar periksa kelengkapan berkas sebelum pemohon mengajukan',
					body: [
						'Daftar periksa satu halaman diberikan saat konsultasi pertama dan dikirim lewat WhatsApp. Pemohon mencentang sendiri sebelum mengunggah.',
						'Berkas lengkap sejak awal menghemat waktu pemohon dan verifikator.'
					],
					library: {
						status: 'published',
						proposedBy: 'maya',
						proposedDaysAgo: 312,
						publishedDaysAgo: 305,
						tags: ['Perizinan', 'Pelayanan publik']
					}
				}),
				lesson({
					key: 'pzn-daring',
					title: 'Antrean daring dengan kuota per jam meratakan beban loket',
					body: [
						'Nomor antrean diambil daring dengan kuota per jam. Pemohon datang sesuai jamnya, loket tidak menumpuk di pagi hari, dan petugas bisa merencanakan tenaga.'
					],
					library: {
						status: 'published',
						proposedBy: 'andi',
						proposedDaysAgo: 311,
						publishedDaysAgo: 300,
						tags: ['Antrean', 'Pelayanan publik']
					}
				}),
				lesson({
					key: 'pzn-loket',
					title: 'Pisahkan antrean urusan singkat dari antrean layanan utama',
					body: ['Pengambilan dokumen dan pertanyaan singkat dilayani di loket sendiri, sehingga tidak menunggu di belakang konsultasi yang panjang.'],
					library: {
						status: 'published',
						proposedBy: 'yusuf',
						proposedDaysAgo: 310,
						publishedDaysAgo: 298,
						tags: ['Antrean']
					}
				})
			],
			fa_actions: [
				actions(
					{ text: 'Susun daftar periksa PBG satu halaman', owner: 'maya', dueDaysAgo: 315, done: true },
					{ text: 'Aktifkan antrean daring di situs DPMPTSP', owner: 'andi', dueDaysAgo: 300, done: true, doneDaysAgo: 296 }
				)
			]
		},
		review: {
			requestedBy: 'andi',
			daysAgo: 314,
			decisions: [
				{ by: 'hendra', daysAgo: 313, decision: 'approved' }
			]
		},
		comments: [
			{
				author: 'dewi',
				daysAgo: 318,
				quote: 'Perubahan regulasi PBG',
				body: 'Catat nomor peraturan yang berlaku di daftar periksa, supaya jelas kapan daftar perlu diperbarui.',
				replies: [{ author: 'maya', daysAgo: 317, body: 'Sudah, di kaki halaman daftar periksa.' }]
			},
			{
				author: 'hendra',
				daysAgo: 326,
				quote: 'konsultan mereka memakai daftar lama',
				body: 'Apakah kita punya daftar konsultan yang sering mengajukan? Mereka bisa diundang sosialisasi khusus.',
				replies: [{ author: 'yusuf', daysAgo: 325, body: 'Ada 14 konsultan yang mengajukan lebih dari lima berkas. Saya masukkan ke rencana sosialisasi.' }],
				resolved: { by: 'andi', daysAgo: 320 }
			}
		]
	},
	{
		key: 'pzn-sop-verifikasi',
		team: 'pzn',
		type: 'sop_improvement',
		title: 'Perbaikan SOP verifikasi berkas perizinan berusaha (OSS RBA dan SIMBG)',
		visibility: 'organisation',
		author: 'maya',
		editors: ['maya', 'andi', 'yusuf'],
		createdDaysAgo: 270,
		lastEditedDaysAgo: 256,
		sections: {
			sop_current: [p('Verifikator memeriksa berkas sesuai urutan masuk, tanpa pemeriksaan awal kelengkapan. Berkas yang tidak lengkap baru diketahui setelah hampir seminggu.')],
			sop_problem: [bullets('38% berkas dikembalikan karena tidak lengkap.', 'Koordinasi dengan dinas teknis (PUPR) lewat surat, rata-rata 5 hari sekali jalan.')],
			sop_lessons: [p('Dasar perubahan ini: ', ref('pzn-periksa'), ' dan, dari puskesmas, ', ref('kia-wa'), '.')],
			sop_proposal: [
				numbered(
					'Pemeriksaan kelengkapan 1 hari kerja setelah unggah, memakai daftar periksa yang sama dengan pemohon.',
					'Koordinasi dengan dinas teknis lewat grup dengan format baku dan balasan di hari yang sama.'
				)
			],
			sop_changes: [
				change({
					key: 'pzn-kembali',
					indicator: 'Berkas dikembalikan karena tidak lengkap',
					unit: '%',
					direction: 'decrease',
					baseline: 38,
					target: 15,
					description: [
						['Daftar periksa untuk pemohon dan verifikator (', ref('pzn-periksa'), ') serta koordinasi teknis dengan format baku (', ref('kia-wa'), ').']
					],
					followThrough: {
						owner: 'maya',
						plannedDaysAgo: 245,
						baselineDaysAgo: 262,
						implementedDaysAgo: 242,
						source: 'Rekap status berkas SIMBG per bulan',
						measurements: [
							{ daysAgo: 212, value: 33 },
							{ daysAgo: 182, value: 27 },
							{ daysAgo: 151, value: 22, note: 'Sosialisasi untuk 14 konsultan selesai.' },
							{ daysAgo: 121, value: 19 },
							{ daysAgo: 90, value: 17 },
							{ daysAgo: 60, value: 16 },
							{ daysAgo: 29, value: 14 }
						],
						outcome: { kind: 'kept', note: 'Target tercapai; daftar periksa menjadi lampiran SOP.', daysAgo: 20, by: 'maya' }
					}
				})
			],
			sop_rollout: [bullets('Berlaku untuk PBG dulu, lalu izin usaha risiko menengah-tinggi.')],
			sop_review: [p('Rekap bulanan dibahas di rapat pimpinan DPMPTSP.')]
		},
		review: {
			requestedBy: 'maya',
			daysAgo: 258,
			decisions: [
				{ by: 'hendra', daysAgo: 257, decision: 'approved', note: 'Nota kesepahaman dengan Dinas PUPR sudah cukup.' }
			]
		},
		comments: [
			{
				author: 'yusuf',
				daysAgo: 263,
				quote: '1 hari kerja setelah unggah',
				body: 'Hari Jumat sering ada 30 berkas masuk. Apakah satu hari kerja masih realistis?',
				replies: [
					{ author: 'maya', daysAgo: 262, body: 'Pemeriksaan kelengkapan hanya mencentang daftar, sekitar 5 menit per berkas. Cukup dengan dua orang.' }
				]
			},
			{
				author: 'dewi',
				daysAgo: 262,
				body: 'Contoh yang baik penggunaan ulang lintas unit: pelajaran puskesmas dipakai untuk koordinasi dengan dinas teknis.'
			},
			{
				author: 'hendra',
				daysAgo: 260,
				quote: 'balasan di hari yang sama',
				body: '@Maya Kusumawati siapa yang memastikan dinas teknis membalas di hari yang sama? Perlu kesepakatan tertulis.',
				mentions: ['maya'],
				replies: [{ author: 'maya', daysAgo: 258, body: 'Sudah ada nota kesepahaman dengan Dinas PUPR, ditandatangani kepala dinas.' }],
				resolved: { by: 'maya', daysAgo: 258 }
			}
		]
	},
	{
		key: 'pzn-retro-s1',
		team: 'pzn',
		type: 'retrospective',
		title: 'Retrospektif semester I – Tim Perizinan Berusaha',
		visibility: 'organisation',
		author: 'yusuf',
		editors: ['yusuf', 'andi', 'maya'],
		createdDaysAgo: 150,
		lastEditedDaysAgo: 142,
		sections: {
			retro_well: [bullets('Berkas dikembalikan turun dari 38% ke 22%.', 'Antrean pagi di loket hilang sejak antrean daring.')],
			retro_not_well: [bullets('Penerbitan PBG masih rata-rata 24 hari: berkas lengkap tetapi menunggu pertimbangan teknis.')],
			retro_learned: [
				lesson({
					key: 'pzn-jeda',
					title: 'Rapat teknis 15 menit setiap pagi melancarkan berkas yang macet',
					body: ['Berkas yang menunggu pertimbangan teknis dibahas singkat setiap pagi bersama perwakilan dinas teknis. Keputusan dicatat di grup hari itu juga.'],
					library: {
						status: 'published',
						proposedBy: 'yusuf',
						proposedDaysAgo: 145,
						publishedDaysAgo: 140,
						tags: ['Koordinasi lintas unit', 'Perizinan']
					}
				}),
				lesson({
					key: 'pzn-faq',
					title: 'Jawaban atas pertanyaan yang sering diajukan ditulis sekali dan dibagikan',
					body: ['Dua puluh pertanyaan terbanyak di loket dijawab dalam satu lembar dan dipasang di situs serta ruang tunggu.'],
					library: {
						status: 'published',
						proposedBy: 'andi',
						proposedDaysAgo: 144,
						publishedDaysAgo: 137,
						tags: ['Komunikasi publik', 'Perizinan']
					}
				}),
				p('Pemantauan berkas menunggu kami buat mingguan, meniru ', ref('ktp-blanko'), '.')
			],
			retro_try: [
				actions(
					{ text: 'Usulkan rapat teknis harian ke Dinas PUPR', owner: 'yusuf', dueDaysAgo: 130, done: true },
					{ text: 'Terbitkan lembar tanya-jawab PBG di situs', owner: 'andi', dueDaysAgo: 120, done: true }
				)
			]
		},
		comments: [
			{
				author: 'hendra',
				daysAgo: 146,
				quote: 'menunggu pertimbangan teknis',
				body: 'Ini hambatan berikutnya. @Yusuf Hidayat bagaimana kalau rapat teknis singkat dicoba sebulan dan diukur?',
				mentions: ['yusuf'],
				replies: [{ author: 'yusuf', daysAgo: 145, body: 'Siap, saya tuliskan sebagai pelajaran dan usulan perubahan SOP.' }]
			},
			{
				author: 'maya',
				daysAgo: 144,
				body: 'Lembar tanya-jawab bisa sekalian dipakai petugas loket baru sebagai bahan orientasi.'
			}
		]
	},
	{
		key: 'pzn-sop-pbg',
		team: 'pzn',
		type: 'sop_improvement',
		title: 'Perbaikan SOP penerbitan PBG: rapat teknis harian bersama Dinas PUPR',
		visibility: 'organisation',
		author: 'andi',
		editors: ['andi', 'yusuf'],
		createdDaysAgo: 120,
		lastEditedDaysAgo: 45,
		sections: {
			sop_current: [p('Pertimbangan teknis diminta lewat surat ke Dinas PUPR dan dijawab rata-rata dalam 10 hari kerja.')],
			sop_problem: [p('Penerbitan PBG rata-rata 28 hari, standar pelayanan 14 hari.')],
			sop_lessons: [p(ref('pzn-jeda'))],
			sop_proposal: [p('Rapat teknis 15 menit setiap pagi di ruang DPMPTSP bersama perwakilan Dinas PUPR; keputusan langsung dicatat di SIMBG.')],
			sop_changes: [
				change({
					key: 'pzn-pbg',
					indicator: 'Rata-rata hari penerbitan PBG',
					unit: 'hari',
					direction: 'decrease',
					baseline: 28,
					target: 14,
					description: [['Rapat teknis harian menggantikan surat permintaan pertimbangan, berdasarkan ', ref('pzn-jeda'), '.']],
					followThrough: {
						owner: 'andi',
						plannedDaysAgo: -20,
						baselineDaysAgo: 100,
						implementedDaysAgo: null,
						source: 'Laporan waktu penerbitan SIMBG',
						measurements: []
					}
				})
			],
			sop_rollout: [p('Menunggu surat keputusan kepala dinas tentang penugasan perwakilan Dinas PUPR.')],
			sop_review: [p('Ditinjau tiga bulan setelah mulai berlaku.')]
		},
		review: {
			requestedBy: 'andi',
			daysAgo: 46,
			note: 'SK penugasan sedang diproses; mohon tinjau alur rapatnya.',
			decisions: []
		},
		comments: [
			{
				author: 'hendra',
				daysAgo: 44,
				body: 'Tanggal rencana sudah dekat. @Andi Pratama apakah SK penugasan sudah ditandatangani?',
				mentions: ['andi']
			}
		]
	}
];
