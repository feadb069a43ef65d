import { actions, bullets, change, lesson, numbered, p, ref, type DemoDocument } from '../model';

/** Puskesmas Sukamaju – Layanan KIA: a late referral analysed, antenatal visits improved, a monthly retrospective. */
export const KIA_DOCUMENTS: DemoDocument[] = [
	{
		key: 'kia-fa-rujukan',
		team: 'kia',
		type: 'failure_analysis',
		title: 'Rujukan ibu hamil risiko tinggi terlambat ke RSUD',
		visibility: 'organisation',
		author: 'yuliana',
		editors: ['yuliana', 'fitri', 'aisyah'],
		createdDaysAgo: 300,
		lastEditedDaysAgo: 279,
		sections: {
			fa_summary: [
				p(
					'Seorang ibu hamil 34 minggu dengan tekanan darah tinggi baru dirujuk ke RSUD setelah mengalami kejang di rumah. Ibu dan bayi selamat setelah perawatan intensif. Tanda bahaya sebenarnya sudah tercatat dua minggu sebelumnya di posyandu, tetapi tidak sampai ke bidan koordinator.'
				)
			],
			fa_impact: [
				bullets(
					'Ibu dirawat 9 hari di ICU RSUD; bayi lahir prematur dan dirawat di perinatologi.',
					'Kasus masuk audit maternal perinatal kabupaten.'
				)
			],
			fa_timeline: [
				numbered(
					'Minggu ke-32: kader posyandu mencatat tekanan darah 150/100 di buku register posyandu.',
					'Catatan tidak diteruskan; kunjungan K5 di puskesmas dijadwalkan tiga minggu kemudian.',
					'Minggu ke-34: ibu kejang di rumah, keluarga menghubungi bidan desa, ibu dirujuk dengan ambulans desa.'
				)
			],
			fa_expected: [
				p(
					'Kami mengira skrining risiko tinggi saat K1 cukup untuk menandai ibu yang perlu dipantau. Kenyataannya risiko bisa muncul di trimester ketiga, dan temuan kader tidak punya jalur laporan yang jelas.'
				)
			],
			fa_root_causes: [
				numbered(
					'Mengapa rujukan terlambat? Karena bidan koordinator tidak tahu ada tekanan darah tinggi.',
					'Mengapa tidak tahu? Karena temuan kader hanya tercatat di buku register posyandu.',
					'Mengapa hanya di buku? Karena tidak ada format laporan cepat dari kader ke puskesmas.',
					'Mengapa skrining tidak menangkapnya? Karena skrining lengkap hanya dilakukan saat K1.'
				)
			],
			fa_factors: [bullets('Bidan desa sedang cuti melahirkan, wilayahnya dirangkap bidan desa tetangga.', 'Sinyal telepon di dusun tersebut lemah.')],
			fa_lessons: [
				lesson({
					key: 'kia-skrining',
					title: 'Ulangi skrining risiko tinggi di setiap kunjungan, bukan hanya K1',
					body: [
						'Preeklamsia dan perdarahan sering muncul di trimester ketiga. Tekanan darah, protein urin dan keluhan bahaya diperiksa ulang di setiap kunjungan dan hasilnya ditulis di buku KIA.'
					],
					library: {
						status: 'published',
						proposedBy: 'yuliana',
						proposedDaysAgo: 286,
						publishedDaysAgo: 280,
						tags: ['Kesehatan ibu dan anak', 'Keselamatan pasien']
					}
				}),
				lesson({
					key: 'kia-wa',
					title: 'Laporan kader lewat grup dengan format baku mempercepat rujukan',
					body: [
						'Kader mengirim temuan lewat grup WhatsApp dengan format tetap: nama, alamat, usia kehamilan, temuan, foto halaman buku. Bidan koordinator wajib membalas "diterima" dan tindak lanjutnya pada hari yang sama.',
						'Format baku membuat laporan bisa dibaca cepat dan tidak ada yang terlewat.'
					],
					library: {
						status: 'published',
						proposedBy: 'fitri',
						proposedDaysAgo: 285,
						publishedDaysAgo: 276,
						tags: ['Kesehatan ibu dan anak', 'Koordinasi lintas unit'],
						libraryTitle: 'Laporan lapangan dengan format baku di grup pesan mempercepat tindak lanjut',
						librarySummary:
							'Temuan dari lapangan dikirim ke grup dengan format tetap (siapa, di mana, apa temuannya, bukti foto) dan penerima wajib membalas tindak lanjutnya di hari yang sama. Berlaku untuk kader, operator kecamatan dan petugas teknis.'
					}
				})
			],
			fa_actions: [
				actions(
					{ text: 'Sosialisasi format laporan ke 48 kader posyandu', owner: 'fitri', dueDaysAgo: 280, done: true, doneDaysAgo: 273 },
					{ text: 'Tambahkan kolom skrining ulang di register kunjungan', owner: 'aisyah', dueDaysAgo: 285, done: true }
				)
			]
		},
		review: {
			requestedBy: 'yuliana',
			daysAgo: 287,
			note: 'Untuk bahan audit maternal perinatal.',
			decisions: [
				{ by: 'ratna', daysAgo: 286, decision: 'approved' }
			]
		},
		comments: [
			{
				author: 'aisyah',
				daysAgo: 292,
				quote: 'Sinyal telepon di dusun tersebut lemah',
				body: 'Di dusun itu kader biasanya menitipkan pesan ke bidan desa saat ke pasar. Perlu jalur cadangan tanpa sinyal?',
				replies: [
					{ author: 'fitri', daysAgo: 291, body: 'Usul: kader boleh menelepon dari balai desa; nomor bidan koordinator ditempel di sana.' },
					{ author: 'ratna', daysAgo: 290, body: 'Setuju, masukkan ke tindakan.' }
				]
			},
			{
				author: 'ratna',
				daysAgo: 296,
				quote: 'Catatan tidak diteruskan',
				body: 'Ini titik kuncinya. Tolong tulis tanpa menyalahkan kader: mereka mencatat dengan benar, yang tidak ada adalah jalurnya.',
				replies: [{ author: 'yuliana', daysAgo: 295, body: 'Setuju, akar masalah sudah kami ubah jadi soal jalur laporan.' }],
				resolved: { by: 'yuliana', daysAgo: 294 }
			},
			{
				author: 'dewi',
				daysAgo: 283,
				quote: 'Format baku membuat laporan bisa dibaca cepat',
				body: 'Pelajaran ini berguna di luar puskesmas juga. Saya terbitkan dengan judul yang lebih umum di pustaka.'
			}
		]
	},
	{
		key: 'kia-sop-anc',
		team: 'kia',
		type: 'sop_improvement',
		title: 'Perbaikan SOP kunjungan antenatal K1–K6 dengan pengingat jadwal',
		visibility: 'organisation',
		author: 'yuliana',
		editors: ['yuliana', 'fitri', 'aisyah'],
		createdDaysAgo: 210,
		lastEditedDaysAgo: 189,
		sections: {
			sop_current: [
				p('Jadwal kunjungan berikutnya ditulis di buku KIA. Tidak ada pengingat; ibu yang lupa baru dicari saat laporan bulanan menunjukkan cakupan rendah.')
			],
			sop_problem: [
				bullets(
					'Cakupan K6 hanya 62% (laporan PWS KIA enam bulan terakhir).',
					'Antrean poli KIA panjang pada hari Senin dan Kamis, rata-rata menunggu 45 menit.'
				)
			],
			sop_lessons: [
				p('Pelajaran yang kami terapkan: ', ref('kia-skrining'), ', ', ref('ktp-info'), ' (dari Disdukcapil) dan ', ref('pzn-loket'), ' (dari DPMPTSP).')
			],
			sop_proposal: [
				numbered(
					'Bidan mengirim pengingat jadwal kunjungan lewat pesan singkat dua hari sebelumnya.',
					'Skrining risiko tinggi diulang di setiap kunjungan sesuai daftar tilik baru.',
					'Loket khusus imunisasi dan ambil vitamin dipisah dari antrean pemeriksaan.'
				)
			],
			sop_changes: [
				change({
					key: 'kia-k6',
					indicator: 'Cakupan kunjungan K6 ibu hamil',
					unit: '%',
					direction: 'increase',
					baseline: 62,
					target: 85,
					description: [
						['Pengingat jadwal dua hari sebelum kunjungan, mengikuti ', ref('ktp-info'), ', dan skrining ulang di setiap kunjungan sesuai ', ref('kia-skrining'), '.']
					],
					followThrough: {
						owner: 'yuliana',
						plannedDaysAgo: 185,
						baselineDaysAgo: 200,
						implementedDaysAgo: 182,
						source: 'Laporan PWS KIA bulanan',
						measurements: [
							{ daysAgo: 152, value: 66 },
							{ daysAgo: 122, value: 71 },
							{ daysAgo: 92, value: 75, note: 'Dua desa baru bergabung dengan grup kader.' },
							{ daysAgo: 62, value: 79 },
							{ daysAgo: 31, value: 82 }
						]
					}
				}),
				change({
					key: 'kia-tunggu',
					indicator: 'Waktu tunggu di poli KIA',
					unit: 'menit',
					direction: 'decrease',
					baseline: 45,
					target: 20,
					description: [['Loket terpisah untuk layanan singkat (imunisasi, ambil vitamin), seperti ', ref('pzn-loket'), '.']],
					followThrough: {
						owner: 'fitri',
						plannedDaysAgo: 170,
						baselineDaysAgo: 175,
						implementedDaysAgo: 160,
						source: 'Catatan jam datang dan jam dilayani di register poli KIA',
						measurements: [
							{ daysAgo: 130, value: 49, note: 'Petugas loket terpisah diambil dari poli, pemeriksaan jadi lebih lambat.' },
							{ daysAgo: 100, value: 47 },
							{ daysAgo: 70, value: 51 }
						],
						outcome: {
							kind: 'dropped',
							note: 'Tenaga tidak cukup untuk dua loket. Diganti jadwal kunjungan per RW, diusulkan di retrospektif berikutnya.',
							daysAgo: 60,
							by: 'yuliana'
						}
					}
				})
			],
			sop_rollout: [bullets('Mulai di dua desa percontohan, lalu seluruh wilayah kerja setelah satu bulan.', 'Daftar tilik skrining dicetak dan ditempel di setiap ruang periksa.')],
			sop_review: [p('Cakupan K6 dibahas di lokakarya mini bulanan puskesmas.')]
		},
		review: {
			requestedBy: 'yuliana',
			daysAgo: 199,
			decisions: [
				{ by: 'ratna', daysAgo: 198, decision: 'approved', note: 'Ukur juga waktu tunggu sebelum dan sesudah.' }
			]
		},
		comments: [
			{
				author: 'ratna',
				daysAgo: 3,
				quote: 'Cakupan K6 hanya 62%',
				body: 'Cakupan K6 bulan lalu sudah 82%. @Yuliana Simanjuntak target 85% tinggal sedikit lagi; desa mana yang masih tertinggal?',
				mentions: ['yuliana']
			},
			{
				author: 'aisyah',
				daysAgo: 201,
				quote: 'dua hari sebelumnya',
				body: '@Yuliana Simanjuntak untuk ibu yang tidak punya ponsel, pengingat lewat kader saja?',
				mentions: ['yuliana'],
				replies: [{ author: 'yuliana', daysAgo: 200, body: 'Ya, kader menerima daftar ibu yang jadwalnya minggu depan setiap Jumat.' }]
			},
			{
				author: 'ratna',
				daysAgo: 205,
				quote: 'Loket khusus imunisasi dan ambil vitamin',
				body: 'Hati-hati dengan jumlah tenaga. Kalau loket baru mengambil bidan dari ruang periksa, antrean pemeriksaan justru bisa lebih lama.',
				replies: [{ author: 'fitri', daysAgo: 204, body: 'Kami coba dulu tiga bulan dan ukur. Kalau tidak turun, kita hentikan.' }]
			},
			{
				author: 'rina',
				daysAgo: 203,
				body: 'Dari pengalaman kami di KTP-el: pengingat paling efektif dikirim sore hari, bukan pagi.'
			}
		]
	},
	{
		key: 'kia-retro-okt',
		team: 'kia',
		type: 'retrospective',
		title: 'Retrospektif bulanan Layanan KIA – evaluasi loket terpisah',
		visibility: 'team',
		author: 'fitri',
		editors: ['fitri', 'yuliana', 'aisyah'],
		createdDaysAgo: 58,
		lastEditedDaysAgo: 52,
		sections: {
			retro_well: [bullets('Cakupan K6 naik empat bulan berturut-turut.', 'Semua kader aktif memakai format laporan baku.')],
			retro_not_well: [bullets('Loket terpisah tidak menurunkan waktu tunggu; tenaga tidak cukup.')],
			retro_learned: [
				lesson({
					key: 'kia-posyandu',
					title: 'Jadwal posyandu dibagikan bersama jadwal imunisasi',
					body: ['Ibu lebih sering datang bila jadwal posyandu dan imunisasi dikirim dalam satu pesan per RW.'],
					library: { status: 'draft' }
				})
			],
			retro_try: [
				actions(
					{ text: 'Uji jadwal kunjungan per RW di dua desa', owner: 'yuliana', dueDaysAgo: 25, done: false },
					{ text: 'Rekap waktu tunggu mingguan dari register', owner: 'aisyah', dueDaysAgo: -7, done: false }
				)
			]
		},
		comments: [
			{
				author: 'aisyah',
				daysAgo: 54,
				quote: 'Semua kader aktif memakai format laporan baku',
				body: 'Dua kader baru di Desa Mekarsari belum masuk grup. Saya ajak minggu ini.',
				replies: [{ author: 'fitri', daysAgo: 53, body: 'Terima kasih, sekalian bagikan contoh laporannya.' }]
			},
			{
				author: 'ratna',
				daysAgo: 53,
				body: '@Yuliana Simanjuntak keputusan menghentikan loket terpisah sudah tepat, datanya jelas. Tolong catat alasannya di halaman perubahan proses.',
				mentions: ['yuliana']
			}
		]
	}
];
