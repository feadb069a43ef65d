import { m } from './paraglide/messages';
import type { DocumentStatus, DocumentType, DocumentVisibility } from './roles';

export function documentTypeLabel(type: DocumentType): string {
	switch (type) {
		case 'failure_analysis':
			return m.doc_type_failure_analysis();
		case 'sop_improvement':
			return m.doc_type_sop_improvement();
		case 'retrospective':
			return m.doc_type_retrospective();
	}
}

export function documentStatusLabel(status: DocumentStatus): string {
	switch (status) {
		case 'draft':
			return m.doc_status_draft();
		case 'in_review':
			return m.doc_status_in_review();
		case 'final':
			return m.doc_status_final();
	}
}

export function documentVisibilityLabel(visibility: DocumentVisibility): string {
	return visibility === 'organisation' ? m.doc_visibility_organisation() : m.doc_visibility_team();
}
