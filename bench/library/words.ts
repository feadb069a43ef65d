/**
 * The word list bench:library writes lessons from: the vocabulary of Indonesian public-service
 * failure analyses and retrospectives (units, services, documents, problems, causes, actions),
 * with the affixed forms a real text has (pelayanan, layanan, melayani, dilayani). A seeded
 * generator combines them into sentences from a few templates, so the text has the word
 * frequencies of real writing: a few words everywhere ("pelayanan", "warga"), most rarely.
 */

export const UNITS = [
	'Dinas Kependudukan dan Pencatatan Sipil', 'Dinas Penanaman Modal dan PTSP', 'Puskesmas Kecamatan', 'RSUD', 'Kantor Kecamatan',
	'Kelurahan', 'Dinas Sosial', 'Dinas Pendidikan', 'Badan Pendapatan Daerah', 'Dinas Perhubungan', 'Dinas Kesehatan',
	'Mal Pelayanan Publik', 'Samsat', 'Kantor Pertanahan', 'Dinas Tenaga Kerja', 'BPBD', 'Satpol PP', 'Inspektorat', 'Bappeda',
	'Dinas Komunikasi dan Informatika'
];

export const SERVICES = [
	'pelayanan KTP-el', 'pencetakan kartu keluarga', 'akta kelahiran', 'akta kematian', 'surat pindah', 'izin usaha', 'izin mendirikan bangunan',
	'perizinan berusaha', 'pendaftaran pasien', 'rujukan BPJS', 'imunisasi anak', 'bantuan sosial', 'penyaluran bansos', 'PPDB daring',
	'pembayaran pajak kendaraan', 'pajak bumi dan bangunan', 'sertifikat tanah', 'kartu pencari kerja', 'pengaduan warga', 'layanan darurat',
	'pengujian kendaraan', 'legalisir dokumen', 'surat keterangan tidak mampu', 'rekomendasi teknis', 'pemutakhiran data DTKS'
];

export const SUBJECTS = [
	'petugas loket', 'operator', 'verifikator', 'kepala seksi', 'tim teknis', 'warga', 'pemohon', 'pasien', 'wajib pajak', 'pelaku usaha',
	'admin sistem', 'petugas lapangan', 'pendamping', 'kader posyandu', 'juru sita', 'bendahara', 'pejabat penandatangan', 'call center',
	'petugas arsip', 'tim pengaduan'
];

export const VERBS = [
	'melayani', 'memeriksa', 'memverifikasi', 'menginput', 'mencetak', 'mengunggah', 'menandatangani', 'mengarsipkan', 'menolak',
	'mengembalikan', 'menunda', 'mengirim', 'mendaftarkan', 'mengurus', 'menunggu', 'mengantre', 'melaporkan', 'mengadukan',
	'menindaklanjuti', 'mengoordinasikan', 'menjadwalkan', 'memperbaiki', 'memperbarui', 'menyerahkan', 'mengecek ulang', 'dilayani',
	'diperiksa', 'dikembalikan', 'ditolak', 'tertunda'
];

export const OBJECTS = [
	'berkas permohonan', 'nomor antrean', 'formulir', 'dokumen persyaratan', 'data kependudukan', 'blangko KTP', 'tanda tangan elektronik',
	'surat rekomendasi', 'bukti pembayaran', 'jadwal pelayanan', 'laporan harian', 'rekap pengaduan', 'data penerima', 'kuota harian',
	'sertifikat', 'dokumen asli', 'salinan legalisir', 'stempel basah', 'kode billing', 'akun aplikasi', 'basis data', 'server aplikasi',
	'jaringan internet', 'printer kartu', 'tinta printer', 'ruang tunggu', 'papan informasi', 'standar pelayanan', 'maklumat pelayanan',
	'SOP lama'
];

export const PROBLEMS = [
	'antrean menumpuk sejak pagi', 'berkas hilang di meja verifikasi', 'aplikasi sering gagal login', 'jaringan terputus berjam-jam',
	'blangko habis di tengah bulan', 'data ganda di sistem', 'persyaratan tidak diumumkan', 'petugas tidak hadir tanpa pengganti',
	'warga harus datang tiga kali', 'waktu tunggu melebihi standar', 'pengaduan tidak ditindaklanjuti', 'tanda tangan menunggu pejabat dinas luar',
	'printer rusak tanpa cadangan', 'kuota harian habis dalam satu jam', 'informasi di situs web kedaluwarsa', 'pembayaran tidak tercatat',
	'server lambat saat jam sibuk', 'formulir berbeda antar loket', 'arsip fisik tidak tertata', 'koordinasi antar bidang lemah'
];

export const CAUSES = [
	'tidak ada SOP tertulis', 'pembagian tugas tidak jelas', 'pelatihan petugas baru kurang', 'anggaran pemeliharaan terlambat',
	'vendor aplikasi lambat merespons', 'pemantauan kinerja tidak rutin', 'data tidak dimutakhirkan', 'komunikasi dengan warga minim',
	'alur persetujuan terlalu panjang', 'ketergantungan pada satu orang', 'perencanaan kebutuhan stok buruk', 'regulasi baru belum disosialisasikan',
	'tidak ada indikator waktu layanan', 'jadwal piket tidak diatur', 'sistem antrean masih manual'
];

export const ACTIONS = [
	'membuat nomor antrean daring', 'menambah loket pada jam sibuk', 'menyusun SOP verifikasi berkas', 'menyediakan printer cadangan',
	'menetapkan petugas pengganti', 'mengumumkan persyaratan di papan informasi', 'memantau waktu tunggu setiap minggu',
	'memangkas alur persetujuan menjadi dua tahap', 'menggunakan tanda tangan elektronik', 'melatih petugas baru sebelum bertugas',
	'menjadwalkan pemeliharaan server', 'menyediakan kanal pengaduan WhatsApp', 'memutakhirkan data setiap bulan', 'menghitung kebutuhan blangko per triwulan',
	'membuat daftar periksa kelengkapan', 'menerapkan layanan jemput bola', 'menggabungkan meja verifikasi', 'memasang indikator kinerja di dasbor'
];

export const CONNECTORS = ['karena', 'sehingga', 'akibatnya', 'padahal', 'setelah', 'sebelum', 'ketika', 'meskipun', 'agar', 'supaya'];

export const TIMES = ['pada Senin pagi', 'di akhir bulan', 'saat musim PPDB', 'menjelang hari raya', 'pada jam istirahat', 'di awal tahun anggaran',
	'selama tiga minggu', 'pada triwulan kedua', 'sejak sistem baru berlaku', 'setiap hari Jumat'];

/** The organisation's tags: parents and their children ("Pelayanan > Administrasi kependudukan"). */
export const TAGS: [string, string[]][] = [
	['Pelayanan', ['Administrasi kependudukan', 'Perizinan', 'Kesehatan', 'Pendidikan']],
	['Teknologi informasi', ['Aplikasi', 'Jaringan', 'Data']],
	['Sumber daya manusia', ['Pelatihan', 'Pembagian tugas']],
	['Tata kelola', ['SOP', 'Regulasi', 'Anggaran', 'Pengawasan']],
	['Pengaduan', ['Kanal pengaduan', 'Tindak lanjut']],
	['Sarana', ['Peralatan', 'Gedung']]
];

/** Queries people type (bench query mix): single words, phrases, multi-word, typos. */
export const QUERY_WORDS = ['pelayanan', 'antrean', 'berkas', 'kependudukan', 'perizinan', 'printer', 'jaringan', 'pengaduan', 'puskesmas',
	'blangko', 'verifikasi', 'anggaran', 'server', 'legalisir', 'imunisasi', 'sertifikat'];
export const QUERY_PHRASES = ['"nomor antrean"', '"izin usaha"', '"printer cadangan"', '"tanda tangan elektronik"', '"data ganda"', '"waktu tunggu"'];
export const QUERY_MULTI = ['antrean loket pagi', 'aplikasi gagal login', 'berkas hilang verifikasi', 'SOP verifikasi berkas', 'petugas pengganti piket',
	'pajak kendaraan pembayaran'];
export const QUERY_TYPOS = ['pelyanan', 'antrian', 'kependudukn', 'perijinan', 'verifkasi', 'jaringn', 'sertifkat', 'pengaduwan'];
