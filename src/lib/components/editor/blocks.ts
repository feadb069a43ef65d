import type { ChainedCommands, Editor } from '@tiptap/core';
import { m } from '$lib/paraglide/messages';
import type { Matchable } from './block-filter';

/** A block the writer can insert or turn the current block into (toolbar and slash menu). */
export interface BlockItem extends Matchable {
	id: string;
	apply: (chain: ChainedCommands) => ChainedCommands;
	isActive?: (editor: Editor) => boolean;
}

export const BLOCK_ITEMS: readonly BlockItem[] = [
	{
		id: 'heading2',
		label: () => m.editor_heading_2(),
		keywords: ['judul', 'heading', 'h2', 'bagian'],
		apply: (c) => c.setHeading({ level: 2 }),
		isActive: (e) => e.isActive('heading', { level: 2 })
	},
	{
		id: 'heading3',
		label: () => m.editor_heading_3(),
		keywords: ['subjudul', 'heading', 'h3'],
		apply: (c) => c.setHeading({ level: 3 }),
		isActive: (e) => e.isActive('heading', { level: 3 })
	},
	{
		id: 'paragraph',
		label: () => m.editor_paragraph(),
		keywords: ['paragraf', 'teks', 'text', 'paragraph'],
		apply: (c) => c.setParagraph(),
		isActive: (e) => e.isActive('paragraph')
	},
	{
		id: 'bulletList',
		label: () => m.editor_bullet_list(),
		keywords: ['daftar', 'butir', 'list', 'bullet'],
		apply: (c) => c.toggleBulletList(),
		isActive: (e) => e.isActive('bulletList')
	},
	{
		id: 'orderedList',
		label: () => m.editor_ordered_list(),
		keywords: ['daftar', 'nomor', 'list', 'numbered', 'ordered'],
		apply: (c) => c.toggleOrderedList(),
		isActive: (e) => e.isActive('orderedList')
	},
	{
		id: 'blockquote',
		label: () => m.editor_quote(),
		keywords: ['kutipan', 'quote'],
		apply: (c) => c.toggleBlockquote(),
		isActive: (e) => e.isActive('blockquote')
	},
	{
		// An action item (owner, due date, done): the team follows it up in its next retrospective.
		id: 'taskList',
		label: () => m.action_insert(),
		keywords: ['tindakan', 'tugas', 'aksi', 'tindak lanjut', 'action', 'task', 'todo'],
		apply: (c) => c.toggleTaskList(),
		isActive: (e) => e.isActive('taskList')
	},
	{
		id: 'lesson',
		label: () => m.editor_insert_lesson(),
		keywords: ['pelajaran', 'lesson', 'belajar'],
		apply: (c) => c.insertLesson()
	},
	{
		id: 'processChange',
		label: () => m.editor_insert_process_change(),
		keywords: ['perubahan', 'proses', 'indikator', 'process', 'change', 'indicator'],
		apply: (c) => c.insertProcessChange()
	},
	{
		id: 'lessonRef',
		label: () => m.editor_insert_lesson_ref(),
		keywords: ['pelajaran', 'pustaka', 'rujuk', 'sisipkan', 'lesson', 'library', 'reference'],
		// The editor opens the lesson search instead (DocumentEditor's runBlock): which lesson
		// to insert is only known once chosen there.
		apply: (c) => c
	}
];
