-- Custom migration: process changes projected before the organisation check
-- (src/lib/server/repositories/projections.ts allowedLessonIds) may link lesson ids of another
-- organisation, or ids that name no lesson. Keep only the ids that name a lesson of the change's
-- own organisation (by row id or block id, as the projection does), in their order; the next
-- projection of each document writes the same rule.
UPDATE "process_changes" AS "pc"
SET "linked_lesson_ids" = COALESCE(
	(
		SELECT jsonb_agg("e"."value" ORDER BY "e"."ord")
		FROM jsonb_array_elements_text("pc"."linked_lesson_ids") WITH ORDINALITY AS "e"("value", "ord")
		WHERE EXISTS (
			SELECT 1 FROM "lessons" AS "l"
			WHERE "l"."org_id" = "pc"."org_id"
			  AND ("l"."id"::text = "e"."value" OR "l"."block_id"::text = "e"."value")
		)
	),
	'[]'::jsonb
)
WHERE "pc"."linked_lesson_ids" <> '[]'::jsonb;
