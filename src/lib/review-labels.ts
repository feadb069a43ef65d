import { m } from './paraglide/messages';
import type { ReviewDecision, ReviewState } from './reviews';

export function reviewStateLabel(state: ReviewState): string {
	switch (state) {
		case 'none':
			return m.review_state_none();
		case 'pending':
			return m.review_state_pending();
		case 'approved':
			return m.review_state_approved();
		case 'changes_requested':
			return m.review_state_changes_requested();
		case 'changed_after_approval':
			return m.review_state_changed_after_approval();
	}
}

export function reviewDecisionLabel(decision: ReviewDecision): string {
	return decision === 'approved' ? m.review_state_approved() : m.review_state_changes_requested();
}
