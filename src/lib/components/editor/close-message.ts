import { m } from '$lib/paraglide/messages';
import { closeCodeName } from '$lib/sync/close-codes';

/** The translated sentence for a sync close code, or null for codes the user need not see. */
export function closeMessage(code: number): string | null {
	switch (closeCodeName(code)) {
		case 'ServiceRestart':
			return m.editor_close_restart();
		case 'MessageTooLarge':
			return m.editor_close_too_large();
		case 'InvalidMessage':
			return m.editor_close_invalid();
		case 'RateLimited':
			return m.editor_close_rate_limited();
		case 'InvalidAwareness':
			return m.editor_close_invalid_awareness();
		case 'SlowReader':
			return m.editor_close_slow();
		case 'PermissionDenied':
			return m.editor_close_permission();
		case 'AccessRevoked':
			return m.editor_close_revoked();
		case 'DocumentArchived':
			return m.editor_close_archived();
		case 'SessionEnded':
			return m.editor_close_session_ended();
		case 'LoadFailed':
			return m.editor_close_load_failed();
		case 'DocumentDeleted':
			return m.editor_close_deleted();
		case 'DocumentTooLarge':
			return m.editor_close_document_too_large();
		case 'TooManyConnections':
			return m.editor_close_too_many_connections();
		case 'ByteBudgetExceeded':
			return m.editor_close_byte_budget();
		case 'ForgedUpdate':
			return m.editor_close_forged();
		case 'CommentRejected':
			return m.editor_close_comment_rejected();
		case null:
			return null;
	}
}
