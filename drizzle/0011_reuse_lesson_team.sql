-- A reuse carries its lesson's team (the "20" of 70:20:10 counts reuses of another team's
-- lessons): the unique index is the foreign key's target, the trigger writes the column on every
-- insert and update whatever the writer sent, the foreign key (ON UPDATE CASCADE) keeps it equal
-- if a lesson's team ever changed. The partial index then counts cross-team reuses without
-- looking up a single lesson, so 0010's index by team and time is dropped.
CREATE UNIQUE INDEX "lessons_org_id_team_idx" ON "lessons" USING btree ("org_id","id","origin_team_id");--> statement-breakpoint
ALTER TABLE "lesson_reuses" ADD COLUMN "lesson_team_id" uuid;--> statement-breakpoint
CREATE FUNCTION lesson_reuses_lesson_team() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	NEW.lesson_team_id := (SELECT l.origin_team_id FROM lessons l WHERE l.org_id = NEW.org_id AND l.id = NEW.lesson_id);
	RETURN NEW;
END $$;--> statement-breakpoint
CREATE TRIGGER lesson_reuses_lesson_team BEFORE INSERT OR UPDATE ON lesson_reuses
	FOR EACH ROW EXECUTE FUNCTION lesson_reuses_lesson_team();--> statement-breakpoint
UPDATE "lesson_reuses" r SET "lesson_team_id" = l."origin_team_id" FROM "lessons" l WHERE l."org_id" = r."org_id" AND l."id" = r."lesson_id";--> statement-breakpoint
ALTER TABLE "lesson_reuses" ADD CONSTRAINT "lesson_reuses_lesson_team_fk" FOREIGN KEY ("org_id","lesson_id","lesson_team_id") REFERENCES "public"."lessons"("org_id","id","origin_team_id") ON DELETE cascade ON UPDATE cascade;--> statement-breakpoint
CREATE INDEX "lesson_reuses_cross_team_idx" ON "lesson_reuses" USING btree ("org_id","origin_team_id","created_at","origin_document_id") WHERE "lesson_reuses"."removed_at" is null and "lesson_reuses"."lesson_team_id" <> "lesson_reuses"."origin_team_id";--> statement-breakpoint
DROP INDEX "lesson_reuses_live_team_time_idx";
