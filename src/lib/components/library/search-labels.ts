import { m } from '$lib/paraglide/messages';
import type { LessonStatus } from '$lib/lessons/lifecycle';

/** A lesson's library status in words (design.md: draf / diusulkan / diterbitkan / dipensiunkan / digabung). */
export function lessonStatusLabel(status: LessonStatus): string {
	switch (status) {
		case 'draft':
			return m.library_search_status_draft();
		case 'proposed':
			return m.library_search_status_proposed();
		case 'published':
			return m.library_search_status_published();
		case 'retired':
			return m.library_search_status_retired();
		case 'merged':
			return m.library_search_status_merged();
	}
}
