import type { JSONContent } from '@tiptap/core';
import { prosemirrorJSONToYDoc } from '@tiptap/y-tiptap';
import * as Y from 'yjs';
import type { DocumentType } from '../roles';
import { newId } from '../ids';
import { alurSchema, BODY_FRAGMENT } from './extensions';

/*
 * Templates of the three document types (design.md "Documents"): headed sections, each with a
 * short help text in Bahasa Indonesia. They are document content, not UI: the server seeds them
 * once, when the document row is created, and the team edits them from there.
 */

const heading = (text: string): JSONContent => ({
	type: 'heading',
	attrs: { level: 2 },
	content: [{ type: 'text', text }]
});

/** Help text: an italic paragraph the writer replaces. */
const help = (text: string): JSONContent => ({
	type: 'paragraph',
	content: [{ type: 'text', text, marks: [{ type: 'italic' }] }]
});

const paragraph = (text?: string): JSONContent =>
	text ? { type: 'paragraph', content: [{ type: 'text', text }] } : { type: 'paragraph' };

const bullets = (...items: string[]): JSONContent => ({
	type: 'bulletList',
	content: items.map((text) => ({ type: 'listItem', content: [paragraph(text)] }))
});

const ordered = (...items: string[]): JSONContent => ({
	type: 'orderedList',
	attrs: { start: 1 },
	content: items.map((text) => ({ type: 'listItem', content: [paragraph(text)] }))
});

const section = (title: string, helpText: string, ...body: JSONContent[]): JSONContent[] => [
	heading(title),
	help(helpText),
	...body
];

const lesson = (makeId: () => string): JSONContent => ({
	type: 'lesson',
	attrs: { id: makeId(), title: '' },
	content: [help('Tulis pelajarannya dalam satu atau dua kalimat: apa yang sekarang kami ketahui dan akan kami lakukan berbeda?')]
});

const processChange = (makeId: () => string): JSONContent => ({
	type: 'processChange',
	attrs: { id: makeId(), indicator: '', unit: '', direction: 'decrease', baseline: null, target: null, lessonIds: [] },
	content: [help('Jelaskan perubahannya. Isi indikator, satuan, nilai awal, dan target lewat tombol "Ubah indikator".')]
});

const ACTION_ITEM = 'Tindakan: … · Penanggung jawab: … · Tenggat: …';

/** The headings of each template, in order (tests and the projection rely on them). */
export const TEMPLATE_SECTIONS: Record<DocumentType, readonly string[]> = {
	failure_analysis: [
		'Ringkasan',
		'Dampak',
		'Kronologi',
		'Yang diharapkan vs yang terjadi',
		'Akar masalah (5 mengapa)',
		'Faktor pendukung',
		'Pelajaran',
		'Tindakan'
	],
	sop_improvement: [
		'Prosedur saat ini',
		'Masalah yang diamati',
		'Pelajaran yang diterapkan',
		'Usulan perubahan',
		'Perubahan proses dan indikator',
		'Rencana penerapan',
		'Tinjauan'
	],
	retrospective: ['Yang berjalan baik', 'Yang belum berjalan baik', 'Yang kami pelajari', 'Yang akan kami coba']
};

/** The template of a document type as ProseMirror JSON. `makeId` gives block ids (UUIDs). */
export function templateContent(type: DocumentType, makeId: () => string = newId): JSONContent {
	const [s1, s2, s3, s4, s5, s6, s7, s8] = TEMPLATE_SECTIONS[type];
	let content: JSONContent[];
	switch (type) {
		case 'failure_analysis':
			content = [
				help('Analisis ini tanpa menyalahkan: kita mencari apa yang membuat kegagalan mungkin terjadi, bukan siapa yang salah.'),
				...section(s1, 'Apa yang terjadi, dalam tiga sampai lima kalimat?'),
				...section(s2, 'Siapa dan apa yang terdampak (warga, layanan, waktu, biaya)? Sertakan angka bila ada.'),
				...section(s3, 'Urutan kejadian dengan tanggal dan jam, dari tanda pertama sampai pulih.', bullets('')),
				...section(s4, 'Apa yang seharusnya terjadi menurut SOP atau rencana, dan apa yang benar-benar terjadi?'),
				...section(s5, 'Tanyakan "mengapa?" berulang kali sampai menemukan penyebab di tingkat proses.', ordered('Mengapa …?', 'Mengapa …?', 'Mengapa …?', 'Mengapa …?', 'Mengapa …?')),
				...section(s6, 'Kondisi lain yang ikut berperan: beban kerja, sistem, komunikasi, aturan.'),
				...section(s7, 'Apa yang kita pelajari? Tulis setiap pelajaran sebagai blok pelajaran agar bisa dipakai tim lain.', lesson(makeId)),
				...section(s8, 'Langkah perbaikan dengan penanggung jawab dan tenggat.', bullets(ACTION_ITEM))
			];
			break;
		case 'sop_improvement':
			content = [
				...section(s1, 'Langkah-langkah SOP yang berlaku sekarang (nomor dan nama SOP bila ada).', ordered('')),
				...section(s2, 'Masalah apa yang terlihat saat SOP dijalankan? Sertakan data atau contoh.'),
				...section(s3, 'Pelajaran (dari tim ini atau tim lain) yang menjadi dasar perbaikan.'),
				...section(s4, 'Bagaimana prosedurnya akan berubah?'),
				...section(s5, 'Setiap perubahan proses dengan indikator yang diukur: nilai awal → target.', processChange(makeId)),
				...section(s6, 'Siapa melakukan apa, kapan, dan bagaimana perubahan disosialisasikan.', bullets(ACTION_ITEM)),
				...section(s7, 'Kapan dan bagaimana hasilnya ditinjau? Siapa yang mencatat pengukuran?')
			];
			break;
		case 'retrospective':
			content = [
				...section(s1, 'Apa yang berjalan baik dan ingin kami pertahankan?', bullets('')),
				...section(s2, 'Apa yang belum berjalan baik atau menghambat?', bullets('')),
				...section(s3, 'Apa yang kami pelajari? Tulis sebagai blok pelajaran.', lesson(makeId)),
				...section(s4, 'Tindakan yang akan dicoba, masing-masing dengan penanggung jawab dan tenggat.', bullets(ACTION_ITEM))
			];
			break;
	}
	// An empty paragraph at the end gives the writer a place to continue below the last block.
	return { type: 'doc', content: [...content, paragraph()] };
}

/**
 * A Yjs update whose `default` fragment holds the template of `type`. The server stores it as
 * the document's initial state when the row is created (templates are seeded exactly once).
 */
export function templateUpdate(type: DocumentType, makeId?: () => string): Uint8Array {
	const ydoc = prosemirrorJSONToYDoc(alurSchema(), templateContent(type, makeId), BODY_FRAGMENT);
	const update = Y.encodeStateAsUpdate(ydoc);
	ydoc.destroy();
	return update;
}
