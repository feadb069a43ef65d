import { m } from '$lib/paraglide/messages';
import type { PromptSource } from '$lib/editor/section-prompts';
import type { SectionKey } from '$lib/editor/templates';

/**
 * The help text of every template section, in the reader's language. The templates store only
 * the section's key on its heading; the text is UI (a placeholder), so it is translated here.
 */
const SECTION_PROMPTS: Record<SectionKey, () => string> = {
	fa_summary: m.prompt_fa_summary,
	fa_impact: m.prompt_fa_impact,
	fa_timeline: m.prompt_fa_timeline,
	fa_expected: m.prompt_fa_expected,
	fa_root_causes: m.prompt_fa_root_causes,
	fa_factors: m.prompt_fa_factors,
	fa_lessons: m.prompt_fa_lessons,
	fa_actions: m.prompt_fa_actions,
	sop_current: m.prompt_sop_current,
	sop_problem: m.prompt_sop_problem,
	sop_lessons: m.prompt_sop_lessons,
	sop_proposal: m.prompt_sop_proposal,
	sop_changes: m.prompt_sop_changes,
	sop_rollout: m.prompt_sop_rollout,
	sop_review: m.prompt_sop_review,
	retro_well: m.prompt_retro_well,
	retro_not_well: m.prompt_retro_not_well,
	retro_learned: m.prompt_retro_learned,
	retro_try: m.prompt_retro_try
};

const isSectionKey = (key: string): key is SectionKey => Object.hasOwn(SECTION_PROMPTS, key);

export const editorPrompts: PromptSource = {
	// A key from a newer or forged document that this build does not know shows nothing.
	section: (key) => (isSectionKey(key) ? SECTION_PROMPTS[key]() : undefined),
	lesson: () => m.prompt_lesson_body(),
	processChange: () => m.prompt_process_change_body()
};
