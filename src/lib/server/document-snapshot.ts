import * as Y from 'yjs';
import { encodeBase64 } from '@oslojs/encoding';
import type { Executor } from './db';
import { loadDocumentLog } from './repositories/document-log';
import { applyStoredDocument, encodeIntegrated } from '$lib/sync/integrated-state';

/**
 * Above this (encoded) size the page carries no snapshot: the HTML would hold up the scripts it
 * links, and the sync step brings the same bytes anyway.
 */
export const SNAPSHOT_MAX_BYTES = 256 * 1024;

/**
 * The document's committed state as the page's data (base64 of a Yjs update), so the editor is
 * built with the text instead of drawing it again when the server's first sync step arrives
 * (issue 12: a key pressed as soon as the editor is editable waited behind that redraw). The
 * client's sync step 1 then names this state and the server sends only what came after it.
 *
 * Only what a room would send in its sync step 2 (integrated content, as `encodeIntegrated`);
 * the caller has checked that the user may view the document. Null for a document with no
 * content yet, and above SNAPSHOT_MAX_BYTES.
 */
export async function loadDocumentSnapshot(db: Executor, documentId: string): Promise<string | null> {
	const stored = await loadDocumentLog(db, documentId);
	const doc = new Y.Doc({ gc: true });
	try {
		applyStoredDocument(doc, stored);
		// Nothing written yet: the page has nothing to carry.
		if (doc.store.clients.size === 0) return null;
		const update = encodeIntegrated(doc);
		return update.byteLength > SNAPSHOT_MAX_BYTES ? null : encodeBase64(update);
	} finally {
		doc.destroy();
	}
}
