import * as Y from 'yjs';
import type { Node as PMNode, Schema } from '@tiptap/pm/model';
import { initProseMirrorDoc, updateYFragment } from '@tiptap/y-tiptap';
import type { Db } from '../../src/lib/server/db';
import type { Document } from '../../src/lib/server/db/schema';
import { BODY_FRAGMENT } from '../../src/lib/document-contract';
import { anchorFromRange } from '../../src/lib/comments/anchor';
import { addReply, createThread, setResolved } from '../../src/lib/comments/operations';
import { newId } from '../../src/lib/ids';
import { walkDocument, type DocumentProjection } from '../../src/lib/projection/walk';
import { createDocument } from '../../src/lib/server/repositories/documents';
import { appendDocumentUpdate, loadDocumentLog } from '../../src/lib/server/repositories/document-log';
import { writeDocumentProjection } from '../../src/lib/server/repositories/projections';
import { applyStoredDocument } from '../../src/lib/sync/integrated-state';
import type { DemoThread } from './model';

/**
 * Writes one demo document along the paths a user's document takes: the row and its template
 * state (`createDocument`), the body typed into it as the editor's sync plugin writes it
 * (`updateYFragment` from the template to the new content: one Yjs update in the log, like a
 * saved edit), comment threads through the comment operations (one update each, as a browser
 * sends them), and the projection walked from the stored log — state plus updates rebuilt in a
 * fresh Y.Doc, as the sync server's catch-up does — and written by `writeDocumentProjection`.
 */

export interface WrittenDocument {
	document: Document;
	/** Log row ids and the moment each stands for (backdate.ts moves their `created_at`). */
	logRows: { id: number; at: Date }[];
	/** Threads and messages written, with their moments. */
	threads: { id: string; at: Date; lastAt: Date; resolvedAt: Date | null }[];
	messages: { id: string; at: Date }[];
	projection: DocumentProjection;
}

export interface CommentActors {
	userId(key: string): string;
	userName(key: string): string;
	at(daysAgo: number, hour?: number): Date;
}

function applyBody(ydoc: Y.Doc, schema: Schema, body: PMNode): void {
	const fragment = ydoc.getXmlFragment(BODY_FRAGMENT);
	const { meta } = initProseMirrorDoc(fragment, schema);
	updateYFragment(ydoc, fragment, body, meta);
}

/** The position range of the first occurrence of `quote` inside one text node. */
function findQuote(doc: PMNode, quote: string): { from: number; to: number } | null {
	let found: { from: number; to: number } | null = null;
	doc.descendants((node, pos) => {
		if (found) return false;
		if (node.isText && node.text) {
			const index = node.text.indexOf(quote);
			if (index >= 0) found = { from: pos + index, to: pos + index + quote.length };
		}
		return !found;
	});
	return found;
}

/** Captures every update `write` makes to `ydoc`, in order. */
function capture(ydoc: Y.Doc, write: () => void): Uint8Array[] {
	const updates: Uint8Array[] = [];
	const listener = (update: Uint8Array) => updates.push(update);
	ydoc.on('update', listener);
	try {
		write();
	} finally {
		ydoc.off('update', listener);
	}
	return updates;
}

export async function writeDemoDocument(
	db: Db,
	input: {
		orgId: string;
		teamId: string;
		type: Document['type'];
		title: string;
		visibility: Document['visibility'];
		createdBy: string;
		body: PMNode;
		bodyAt: Date;
		schema: Schema;
		comments: readonly DemoThread[];
		actors: CommentActors;
		/** Runs once the row exists, before anyone comments (shares for commenters from elsewhere). */
		beforeComments?: (documentId: string) => Promise<void>;
	}
): Promise<WrittenDocument> {
	const document = await createDocument(db, {
		orgId: input.orgId,
		teamId: input.teamId,
		type: input.type,
		title: input.title,
		createdBy: input.createdBy,
		visibility: input.visibility
	});
	const logRows: WrittenDocument['logRows'] = [];
	const append = async (updates: Uint8Array[], at: Date) => {
		for (const update of updates) logRows.push({ id: await appendDocumentUpdate(db, document.id, update), at });
	};

	const ydoc = new Y.Doc({ gc: true });
	const threads: WrittenDocument['threads'] = [];
	const messages: WrittenDocument['messages'] = [];
	try {
		applyStoredDocument(ydoc, await loadDocumentLog(db, document.id));
		await append(capture(ydoc, () => applyBody(ydoc, input.schema, input.body)), input.bodyAt);

		await input.beforeComments?.(document.id);
		const fragment = ydoc.getXmlFragment(BODY_FRAGMENT);
		const { doc: pmDoc, mapping } = initProseMirrorDoc(fragment, input.schema);
		const { actors } = input;
		for (const thread of input.comments) {
			const threadId = newId();
			const at = actors.at(thread.daysAgo, 10);
			let anchor = null;
			if (thread.quote) {
				const range = findQuote(pmDoc, thread.quote);
				if (!range) throw new Error(`demo comment on "${input.title}": quote not found: ${thread.quote}`);
				anchor = anchorFromRange({ doc: ydoc, type: fragment, mapping }, pmDoc, range.from, range.to);
			}
			const mentions = (thread.mentions ?? []).map((key) => mentionOf(actors, key, thread.body));
			let written = false;
			const opening = capture(ydoc, () => {
				written = createThread(ydoc, { userId: actors.userId(thread.author), at: at.toISOString() }, { threadId, body: thread.body, anchor, mentions });
			});
			if (!written) throw new Error(`demo comment on "${input.title}" refused by the comment contract`);
			await append(opening, at);
			messages.push({ id: threadId, at });
			let lastAt = at;
			for (const reply of thread.replies ?? []) {
				const messageId = newId();
				const replyAt = actors.at(reply.daysAgo, 14);
				const replyMentions = (reply.mentions ?? []).map((key) => mentionOf(actors, key, reply.body));
				await append(
					capture(ydoc, () =>
						addReply(ydoc, { userId: actors.userId(reply.author), at: replyAt.toISOString() }, { threadId, messageId, body: reply.body, mentions: replyMentions })
					),
					replyAt
				);
				messages.push({ id: messageId, at: replyAt });
				lastAt = replyAt;
			}
			let resolvedAt: Date | null = null;
			if (thread.resolved) {
				resolvedAt = actors.at(thread.resolved.daysAgo, 16);
				const when = resolvedAt;
				await append(
					capture(ydoc, () => setResolved(ydoc, { userId: actors.userId(thread.resolved!.by), at: when.toISOString() }, { threadId, resolved: true })),
					when
				);
			}
			threads.push({ id: threadId, at, lastAt, resolvedAt });
		}
	} finally {
		ydoc.destroy();
	}

	const projection = await projectStored(db, document.id, input.orgId);
	return { document, logRows, threads, messages, projection };
}

function mentionOf(actors: CommentActors, key: string, body: string): string {
	// The composer keeps a mention only while "@Name" is in the text (threads.ts mentionsIn).
	if (!body.includes(`@${actors.userName(key)}`)) throw new Error(`demo comment mentions ${key} without "@${actors.userName(key)}"`);
	return actors.userId(key);
}

/** Rebuilds the document from what is stored, walks it and writes the projection. */
export async function projectStored(db: Db, documentId: string, orgId: string): Promise<DocumentProjection> {
	const doc = new Y.Doc({ gc: true });
	try {
		applyStoredDocument(doc, await loadDocumentLog(db, documentId));
		const projection = walkDocument(doc);
		await writeDocumentProjection(db, { documentId, orgId, projection });
		return projection;
	} finally {
		doc.destroy();
	}
}
