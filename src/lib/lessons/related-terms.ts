import type { DocumentType } from '../roles';
import { TEMPLATE_SECTIONS } from '../editor/templates';
import { isSafeTsWord } from './search-query';

/**
 * The key terms of what someone is writing (issue 14, "Pelajaran terkait"): from the paragraph
 * around the cursor plus the document's title, the words that say what it is about. The related-
 * lessons query ORs them into a tsquery and lets the ranking pick lessons matching many.
 *
 * Pure and cheap (it runs as the writer moves between sections). PostgreSQL's `indonesian`
 * configuration has no stop-word list, so the function words of Bahasa Indonesia are dropped
 * here, and so are the headings of the document's template: every document of a type has them,
 * so they say nothing about this one.
 */

export const RELATED_MAX_TERMS = 10;
/** How much more a word of the title counts than one of the paragraph. */
const TITLE_WEIGHT = 2;
/** Text read per call: the paragraph around the cursor, not the whole document. */
const TEXT_MAX_CHARS = 4000;

/** Function words and very common verbs and adverbs of Bahasa Indonesia (lower case). */
export const INDONESIAN_STOPWORDS: ReadonlySet<string> = new Set(
	`ada adalah adanya agar akan akhirnya aku anda antara apa apabila apakah atas atau bagai bagaimana bagi bahkan bahwa
	banyak baru begitu belum benar berapa berbagai bersama beberapa biasa bila bisa boleh bukan cara cukup dalam dan dapat dari
	daripada dengan demikian dia dilakukan diri dulu hal hampir hanya hari harus hingga ia ingin ini itu jadi jangan jika juga
	kalau kali kami kamu kan karena kata ke kecuali kemudian kenapa kepada ketika kini kita lagi lain lainnya lalu lama lebih
	maka mana masih masing mau melakukan melalui memang mengapa menjadi menurut mereka misalnya mungkin namun nanti nya oleh
	pada padahal para pasti per perlu pernah pula pun punya saat saja salah sama sambil sampai sangat saya se sebab sebagai
	sebelum sebuah secara sedang sehingga sejak sekali sekarang selalu selama seluruh semua sendiri seperti sering serta sesuai
	setelah setiap siapa sudah supaya tadi tanpa tapi telah tentang terhadap termasuk tersebut tetap tetapi tidak tiap untuk
	walau yaitu yakni yang`.split(/\s+/)
);

/**
 * The words of each type's template headings ("Ringkasan", "Kronologi", "Akar masalah (5
 * mengapa)", …). Only the document's own type's are dropped: "tindakan" is a heading of a
 * failure analysis but may be the subject of an SOP improvement.
 */
const headingWords = (type: DocumentType): ReadonlySet<string> =>
	new Set(TEMPLATE_SECTIONS[type].flatMap((heading) => words(heading).map((w) => w.lower)));
const TEMPLATE_WORDS: Record<DocumentType, ReadonlySet<string>> = {
	failure_analysis: headingWords('failure_analysis'),
	sop_improvement: headingWords('sop_improvement'),
	retrospective: headingWords('retrospective')
};

interface Word {
	lower: string;
	/** Written in capitals as a whole (KTP, SOP, BPJS): an acronym, kept even when short. */
	acronym: boolean;
}

function words(text: string): Word[] {
	const out: Word[] = [];
	for (const match of text.normalize('NFKC').matchAll(/[\p{L}\p{N}]+/gu)) {
		const raw = match[0];
		out.push({ lower: raw.toLocaleLowerCase('id-ID'), acronym: raw.length >= 2 && /^\p{Lu}[\p{Lu}\p{N}]*$/u.test(raw) });
	}
	return out;
}

function keep(word: Word, type: DocumentType): boolean {
	if (!isSafeTsWord(word.lower)) return false;
	// Numbers alone (years, counts) match anything dated; a code like "PP96" stays.
	if (/^\p{N}+$/u.test(word.lower)) return false;
	if (word.lower.length < 4 && !word.acronym) return false;
	if (INDONESIAN_STOPWORDS.has(word.lower)) return false;
	if (TEMPLATE_WORDS[type].has(word.lower)) return false;
	return true;
}

/**
 * The key terms, most telling first: by weighted frequency (title words count double), then
 * longer words (more specific in Indonesian, where affixes make a word longer and narrower),
 * then first appearance. Lower case, letters and digits only (safe inside `to_tsquery`).
 */
export function relatedTerms(input: { text: string; title: string; type: DocumentType }): string[] {
	const scores = new Map<string, { score: number; first: number }>();
	let position = 0;
	const add = (text: string, weight: number) => {
		for (const word of words(text)) {
			position += 1;
			if (!keep(word, input.type)) continue;
			const seen = scores.get(word.lower);
			if (seen) seen.score += weight;
			else scores.set(word.lower, { score: weight, first: position });
		}
	};
	add(input.title.slice(0, 300), TITLE_WEIGHT);
	add(input.text.slice(0, TEXT_MAX_CHARS), 1);
	return [...scores.entries()]
		.sort(([a, x], [b, y]) => y.score - x.score || b.length - a.length || x.first - y.first)
		.slice(0, RELATED_MAX_TERMS)
		.map(([word]) => word);
}
