DROP INDEX "lessons_org_reuse_idx";--> statement-breakpoint
CREATE INDEX "lessons_org_listed_idx" ON "lessons" USING btree ("org_id",coalesce("published_at", "created_at"));--> statement-breakpoint
CREATE INDEX "lessons_org_reuse_any_idx" ON "lessons" USING btree ("org_id","reuse_count" DESC NULLS FIRST,"id");--> statement-breakpoint
CREATE INDEX "lessons_org_team_published_idx" ON "lessons" USING btree ("org_id","origin_team_id","published_at");--> statement-breakpoint
CREATE INDEX "lessons_org_team_reuse_idx" ON "lessons" USING btree ("org_id","origin_team_id","reuse_count" DESC NULLS FIRST,"id");--> statement-breakpoint
CREATE INDEX "lessons_org_reuse_idx" ON "lessons" USING btree ("org_id","status","reuse_count" DESC NULLS FIRST,"id");