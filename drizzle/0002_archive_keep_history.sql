ALTER TABLE "lessons" DROP CONSTRAINT "lessons_source_document_id_documents_id_fk";
--> statement-breakpoint
ALTER TABLE "process_changes" DROP CONSTRAINT "process_changes_document_id_documents_id_fk";
--> statement-breakpoint
DROP INDEX "lessons_source_block_idx";--> statement-breakpoint
DROP INDEX "process_changes_doc_block_idx";--> statement-breakpoint
ALTER TABLE "lessons" ALTER COLUMN "source_document_id" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "process_changes" ALTER COLUMN "document_id" DROP NOT NULL;--> statement-breakpoint
-- Hand-edited: the origin columns are added nullable, filled from the rows' documents (every
-- existing row still has one: the old foreign key cascaded), then made NOT NULL.
ALTER TABLE "lessons" ADD COLUMN "origin_document_id" uuid;--> statement-breakpoint
ALTER TABLE "lessons" ADD COLUMN "origin_team_id" uuid;--> statement-breakpoint
ALTER TABLE "process_changes" ADD COLUMN "origin_document_id" uuid;--> statement-breakpoint
ALTER TABLE "process_changes" ADD COLUMN "origin_team_id" uuid;--> statement-breakpoint
UPDATE "lessons" SET "origin_document_id" = "documents"."id", "origin_team_id" = "documents"."team_id" FROM "documents" WHERE "documents"."id" = "lessons"."source_document_id";--> statement-breakpoint
UPDATE "process_changes" SET "origin_document_id" = "documents"."id", "origin_team_id" = "documents"."team_id" FROM "documents" WHERE "documents"."id" = "process_changes"."document_id";--> statement-breakpoint
ALTER TABLE "lessons" ALTER COLUMN "origin_document_id" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "lessons" ALTER COLUMN "origin_team_id" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "process_changes" ALTER COLUMN "origin_document_id" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "process_changes" ALTER COLUMN "origin_team_id" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "teams" ADD COLUMN "archived_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "lessons" ADD CONSTRAINT "lessons_source_document_id_documents_id_fk" FOREIGN KEY ("source_document_id") REFERENCES "public"."documents"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "process_changes" ADD CONSTRAINT "process_changes_document_id_documents_id_fk" FOREIGN KEY ("document_id") REFERENCES "public"."documents"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "lessons_origin_block_idx" ON "lessons" USING btree ("origin_document_id","block_id");--> statement-breakpoint
CREATE UNIQUE INDEX "process_changes_origin_block_idx" ON "process_changes" USING btree ("origin_document_id","block_id");--> statement-breakpoint
ALTER TABLE "document_projections" ADD CONSTRAINT "document_projections_counts_check" CHECK ("document_projections"."comment_threads" >= 0 and "document_projections"."open_comment_threads" between 0 and "document_projections"."comment_threads" and "document_projections"."word_count" >= 0);--> statement-breakpoint
ALTER TABLE "document_shares" ADD CONSTRAINT "document_shares_role_check" CHECK ("document_shares"."role" in ('viewer', 'commenter', 'editor'));--> statement-breakpoint
ALTER TABLE "invitations" ADD CONSTRAINT "invitations_org_role_check" CHECK ("invitations"."org_role" in ('admin', 'knowledge_manager', 'member'));--> statement-breakpoint
ALTER TABLE "invitations" ADD CONSTRAINT "invitations_team_role_check" CHECK ("invitations"."team_role" in ('member', 'mentor'));--> statement-breakpoint
ALTER TABLE "invitations" ADD CONSTRAINT "invitations_team_pair_check" CHECK (("invitations"."team_id" is null) = ("invitations"."team_role" is null));--> statement-breakpoint
ALTER TABLE "lessons" ADD CONSTRAINT "lessons_status_check" CHECK ("lessons"."status" in ('draft', 'proposed', 'published', 'retired', 'merged'));--> statement-breakpoint
ALTER TABLE "lessons" ADD CONSTRAINT "lessons_merged_into_check" CHECK (("lessons"."status" = 'merged') = ("lessons"."merged_into" is not null));--> statement-breakpoint
ALTER TABLE "process_changes" ADD CONSTRAINT "process_changes_direction_check" CHECK ("process_changes"."direction" in ('increase', 'decrease'));--> statement-breakpoint
ALTER TABLE "process_changes" ADD CONSTRAINT "process_changes_linked_lessons_check" CHECK (jsonb_typeof("process_changes"."linked_lesson_ids") = 'array');