import type * as Y from 'yjs';
import { COMMENTS_MAP } from '../document-contract';

/**
 * The document's comments map (the contract's root), apart from `./model.ts` so the editor page
 * can watch it from the start and fetch the code that reads threads only once it holds any.
 */
export function commentsOf(doc: Y.Doc): Y.Map<unknown> {
	return doc.getMap(COMMENTS_MAP);
}
