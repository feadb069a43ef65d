import { actions, bold, bullets, change, lesson, numbered, p, ref, type DemoDocument } from '../model';

/** Disdukcapil – Pelayanan KTP-el: a failure analysis, the SOP change it led to, a retrospective. */
export const KTP_DOCUMENTS: DemoDocument[] = [
	{
		key: 'ktp-fa-blanko',
		team: 'ktp',
		type: 'failure_analysis',
		title: 'Antrean perekaman KTP-el membludak saat blanko habis',
		visibility: 'organisation',
		author: 'rina',
		editors: ['rina', 'agus', 'siti'],
		createdDaysAgo: 340,
		lastEditedDaysAgo: 320,
		sections: {
			fa_summary: [
				p(
					'Pada minggu kedua bulan itu blanko KTP-el habis tanpa pemberitahuan. Warga tetap datang untuk perekaman dan pencetakan, sehingga antrean di ruang pelayanan mencapai lebih dari 200 orang per hari dan banyak yang pulang tanpa hasil.'
				)
			],
			fa_impact: [
				bullets(
					'Sekitar 640 warga datang dan pulang tanpa KTP-el dalam lima hari kerja.',
					'Waktu tunggu rata-rata naik menjadi 95 menit (biasanya sekitar 40 menit).',
					'Keluhan masuk melalui SP4N-LAPOR! dan media sosial dinas meningkat tiga kali lipat.'
				)
			],
			fa_timeline: [
				numbered(
					'Senin: sisa blanko 150 lembar, tidak ada yang mencatat.',
					'Rabu pukul 10.00: blanko habis, petugas loket baru mengetahui saat akan mencetak.',
					'Rabu–Jumat: warga tetap diberi nomor antrean perekaman tanpa informasi bahwa pencetakan tertunda.',
					'Senin berikutnya: permintaan blanko dikirim ke Ditjen Dukcapil; blanko tiba sembilan hari kemudian.'
				)
			],
			fa_expected: [
				p(
					'Kami mengira stok blanko selalu cukup karena pengiriman rutin setiap bulan. Yang terjadi, pengiriman bulan itu terlambat dan tidak ada yang memantau sisa stok harian.'
				)
			],
			fa_root_causes: [
				numbered(
					'Mengapa warga pulang tanpa KTP-el? Karena blanko habis.',
					'Mengapa blanko habis tanpa diketahui? Karena sisa stok tidak dicatat secara berkala.',
					'Mengapa tidak dicatat? Karena tidak ada petugas yang ditugasi dan tidak ada ambang batas pemesanan ulang.',
					'Mengapa warga tetap datang? Karena informasi ketersediaan layanan tidak diumumkan sebelum mereka berangkat.'
				)
			],
			fa_factors: [
				bullets('Musim pendaftaran sekolah dan seleksi CPNS menaikkan permintaan.', 'Pengiriman blanko dari pusat terlambat tanpa pemberitahuan resmi.')
			],
			fa_lessons: [
				lesson({
					key: 'ktp-blanko',
					title: 'Pantau stok blanko setiap minggu, jangan menunggu habis',
					body: [
						'Sisa blanko dicatat setiap Jumat sore oleh petugas gudang. Bila sisa di bawah kebutuhan dua minggu, permintaan langsung dikirim ke Ditjen Dukcapil dan kepala bidang diberi tahu.',
						'Ambang batas sederhana lebih berguna daripada laporan bulanan yang rinci.'
					],
					library: {
						status: 'published',
						proposedBy: 'rina',
						proposedDaysAgo: 326,
						publishedDaysAgo: 322,
						tags: ['Administrasi kependudukan', 'Manajemen stok']
					}
				}),
				lesson({
					key: 'ktp-info',
					title: 'Umumkan ketersediaan layanan sebelum warga berangkat',
					body: [
						'Warga menghabiskan ongkos dan satu hari kerja untuk datang. Bila ada layanan yang terhenti, umumkan lewat media sosial, papan informasi dan pesan singkat sehari sebelumnya, lengkap dengan perkiraan kapan pulih.'
					],
					library: {
						status: 'published',
						proposedBy: 'agus',
						proposedDaysAgo: 325,
						publishedDaysAgo: 318,
						tags: ['Komunikasi publik', 'Pelayanan publik'],
						librarySummary:
							'Bila layanan terhenti atau terbatas, beri tahu warga sebelum mereka berangkat (media sosial, papan informasi, pesan singkat) beserta perkiraan pulihnya.'
					}
				})
			],
			fa_actions: [
				actions(
					{ text: 'Buat lembar pantau stok blanko mingguan', owner: 'agus', dueDaysAgo: 330, done: true },
					{ text: 'Minta jadwal distribusi blanko tertulis ke Ditjen Dukcapil', owner: 'rina', dueDaysAgo: 310, done: true },
					{ text: 'Siapkan templat pengumuman gangguan layanan untuk media sosial', owner: 'siti', dueDaysAgo: 320, done: true }
				)
			]
		},
		review: {
			requestedBy: 'rina',
			daysAgo: 328,
			note: 'Mohon tinjauan sebelum pelajaran diusulkan ke pustaka.',
			decisions: [
				{ by: 'hendra', daysAgo: 327, decision: 'approved', note: 'Analisis jujur dan tanpa menyalahkan. Setuju.' }
			]
		},
		comments: [
			{
				author: 'siti',
				daysAgo: 334,
				quote: 'Musim pendaftaran sekolah dan seleksi CPNS',
				body: 'Perlu kita tandai di kalender tahunan: dua bulan itu kebutuhan blanko hampir dua kali lipat.',
				replies: [{ author: 'rina', daysAgo: 333, body: 'Setuju, saya tambahkan ke lembar pantau stok sebagai catatan musiman.' }]
			},
			{
				author: 'hendra',
				daysAgo: 336,
				quote: 'tidak ada yang mencatat',
				body: 'Bagus kronologinya jujur. Apakah ada data berapa lama biasanya stok 150 lembar bertahan? Itu bisa jadi dasar ambang batas.',
				replies: [
					{
						author: 'agus',
						daysAgo: 335,
						body: 'Rata-rata pemakaian 60–70 lembar per hari kerja, jadi 150 lembar hanya cukup dua setengah hari. Sudah saya masukkan ke pelajaran.'
					}
				],
				resolved: { by: 'rina', daysAgo: 333 }
			},
			{
				author: 'dewi',
				daysAgo: 327,
				body: '@Rina Marlina kedua pelajaran ini layak diusulkan ke pustaka. Yang kedua berlaku untuk semua unit layanan, bukan hanya KTP-el.',
				mentions: ['rina']
			}
		]
	},
	{
		key: 'ktp-sop-antrean',
		team: 'ktp',
		type: 'sop_improvement',
		title: 'Perbaikan SOP perekaman KTP-el: nomor antrean daring dengan kuota per jam',
		visibility: 'organisation',
		author: 'rina',
		editors: ['rina', 'agus', 'siti'],
		createdDaysAgo: 250,
		lastEditedDaysAgo: 228,
		sections: {
			sop_current: [
				p('Nomor antrean diambil langsung di loket mulai pukul 07.30. Warga datang sejak subuh agar mendapat nomor, dan petugas membagikan semua nomor pada jam pertama.')
			],
			sop_problem: [
				bullets(
					'Waktu tunggu rata-rata 95 menit (data aplikasi antrean, tiga bulan terakhir).',
					'Ruang tunggu penuh pada pukul 08.00–10.00 dan kosong setelah pukul 13.00.',
					'Warga lanjut usia dan penyandang disabilitas ikut mengantre panjang.'
				)
			],
			sop_lessons: [
				p('Kami menerapkan pelajaran dari tim perizinan, ', ref('pzn-daring'), ', dan pelajaran kami sendiri, ', ref('ktp-info'), '.')
			],
			sop_proposal: [
				p(bold('Prinsip: '), 'warga tidak perlu datang sebelum gilirannya, dan warga tanpa ponsel tetap dilayani.'),
				numbered(
					'Nomor antrean diambil lewat aplikasi atau WhatsApp paling lambat sehari sebelumnya, dengan kuota 25 orang per jam.',
					'Loket prioritas untuk lansia, ibu hamil dan penyandang disabilitas tanpa nomor daring.',
					'Sepuluh nomor per hari tetap disediakan di loket untuk warga tanpa ponsel.'
				)
			],
			sop_changes: [
				change({
					key: 'ktp-tunggu',
					indicator: 'Waktu tunggu perekaman KTP-el',
					unit: 'menit',
					direction: 'decrease',
					baseline: 95,
					target: 30,
					description: [
						['Antrean daring dengan kuota per jam menggantikan pengambilan nomor di loket pagi hari, seperti ', ref('pzn-daring'), '.'],
						['Diukur dari waktu ambil nomor sampai dipanggil, rata-rata bulanan dari aplikasi antrean.']
					],
					followThrough: {
						owner: 'rina',
						plannedDaysAgo: 225,
						baselineDaysAgo: 240,
						implementedDaysAgo: 212,
						source: 'Aplikasi antrean Disdukcapil, rata-rata bulanan',
						measurements: [
							{ daysAgo: 182, value: 74, note: 'Bulan pertama, banyak warga belum tahu antrean daring.' },
							{ daysAgo: 152, value: 58 },
							{ daysAgo: 121, value: 44 },
							{ daysAgo: 91, value: 37, note: 'Sosialisasi lewat kelurahan mulai terasa.' },
							{ daysAgo: 61, value: 33 },
							{ daysAgo: 30, value: 28 }
						],
						outcome: { kind: 'kept', note: 'Target tercapai; kuota per jam dipertahankan dan dimasukkan ke SOP baku.', daysAgo: 25, by: 'rina' }
					}
				})
			],
			sop_rollout: [
				bullets('Uji coba dua minggu di loket perekaman lantai 1.', 'Sosialisasi lewat kelurahan, media sosial dinas dan spanduk di kantor kecamatan.')
			],
			sop_review: [p('Ditinjau setiap bulan oleh kepala seksi bersama data aplikasi antrean.')]
		},
		review: {
			requestedBy: 'rina',
			daysAgo: 238,
			decisions: [
				{ by: 'hendra', daysAgo: 237, decision: 'approved', note: 'Siap diuji coba.' }
			]
		},
		comments: [
			{
				author: 'dewi',
				daysAgo: 5,
				body: '@Rina Marlina Dinas Kesehatan tertarik dengan antrean daring ini. Boleh saya jadikan contoh di forum berbagi pengetahuan bulan depan?',
				mentions: ['rina']
			},
			{
				author: 'dewi',
				daysAgo: 243,
				quote: 'kuota 25 orang per jam',
				body: 'Dari mana angka 25? Kalau dari data kapasitas perekaman, tuliskan sumbernya agar unit lain bisa menirunya.',
				replies: [
					{ author: 'agus', daysAgo: 242, body: 'Dari rata-rata 2,4 menit per perekaman di tiga loket. Sudah saya tambahkan di bagian masalah.' },
					{ author: 'dewi', daysAgo: 241, body: 'Terima kasih, jelas sekarang.' }
				],
				resolved: { by: 'agus', daysAgo: 241 }
			},
			{
				author: 'hendra',
				daysAgo: 246,
				quote: 'Sepuluh nomor per hari tetap disediakan di loket',
				body: 'Apakah sepuluh cukup? Di kecamatan pinggiran banyak warga tanpa ponsel pintar.',
				replies: [
					{
						author: 'siti',
						daysAgo: 245,
						body: 'Kami mulai dengan sepuluh dan catat berapa yang ditolak. Kalau lebih dari tiga per hari, kuota loket dinaikkan.'
					}
				],
				resolved: { by: 'siti', daysAgo: 240 }
			},
			{
				author: 'andi',
				daysAgo: 244,
				body: 'Senang pelajaran antrean kami dipakai di sini. Satu catatan: kuota per jam perlu ditinjau tiap bulan, pola kedatangan berubah saat musim sekolah.'
			}
		]
	},
	{
		key: 'ktp-retro-q3',
		team: 'ktp',
		type: 'retrospective',
		title: 'Retrospektif triwulan III – Pelayanan KTP-el',
		visibility: 'team',
		author: 'agus',
		editors: ['agus', 'rina', 'siti'],
		createdDaysAgo: 76,
		lastEditedDaysAgo: 70,
		sections: {
			retro_well: [
				bullets(
					'Waktu tunggu turun di bawah 40 menit untuk pertama kalinya.',
					'Layanan jemput bola ke 12 SMA menjangkau 1.900 pemilih pemula.'
				)
			],
			retro_not_well: [
				bullets('Jadwal jemput bola sering bentrok dengan ujian sekolah.', 'Perangkat perekaman cadangan rusak dua kali.')
			],
			retro_learned: [
				lesson({
					key: 'ktp-sekolah',
					title: 'Jadwalkan jemput bola sekolah lewat dinas pendidikan, bukan langsung ke sekolah',
					body: [
						'Kalender sekolah dipegang dinas pendidikan. Satu surat ke sana menghasilkan jadwal untuk semua SMA sekaligus dan menghindari bentrok dengan ujian.'
					],
					library: { status: 'proposed', proposedBy: 'agus', proposedDaysAgo: 69 }
				}),
				lesson({
					key: 'ktp-cadangan',
					title: 'Perangkat cadangan diuji setiap awal bulan',
					body: ['Perangkat yang jarang dipakai paling sering gagal saat dibutuhkan. Uji nyala dan rekam satu data contoh setiap awal bulan.'],
					library: {
						status: 'published',
						proposedBy: 'siti',
						proposedDaysAgo: 68,
						publishedDaysAgo: 62,
						tags: ['Administrasi kependudukan', 'Manajemen stok']
					}
				}),
				p('Kami juga belajar dari puskesmas: ', ref('kia-wa'), ' — grup koordinasi dengan operator kecamatan sekarang memakai format laporan yang sama.')
			],
			retro_try: [
				actions(
					{ text: 'Kirim surat jadwal jemput bola semester depan ke dinas pendidikan', owner: 'agus', dueDaysAgo: 40, done: true },
					{ text: 'Ajukan penggantian perangkat perekaman cadangan', owner: 'rina', dueDaysAgo: 20, done: false },
					{ text: 'Susun jadwal uji perangkat cadangan bulanan', owner: 'siti', dueDaysAgo: -14, done: false }
				)
			]
		},
		comments: [
			{
				author: 'rina',
				daysAgo: 71,
				quote: '1.900 pemilih pemula',
				body: '@Siti Rahmawati tolong kirim rekap per sekolah ke bagian perencanaan, mereka butuh untuk laporan triwulan.',
				mentions: ['siti'],
				replies: [{ author: 'siti', daysAgo: 70, body: 'Sudah terkirim tadi pagi.' }]
			},
			{
				author: 'hendra',
				daysAgo: 72,
				quote: 'Perangkat perekaman cadangan rusak dua kali',
				body: '@Agus Setiawan tolong catat tanggal kerusakannya; data itu dibutuhkan untuk usulan anggaran perangkat baru.',
				mentions: ['agus'],
				replies: [{ author: 'agus', daysAgo: 71, body: 'Sudah, tanggal dan nomor tiket servis saya lampirkan di usulan.' }]
			}
		]
	}
];
