-- The last editor the app knows of (the team page's "last editor"), and when. Existing rows stay
-- null: their last change may have been a live edit whose author was never recorded, and an
-- unknown is shown as unknown rather than guessed from created_by.
ALTER TABLE "documents" ADD COLUMN "updated_by" uuid;--> statement-breakpoint
ALTER TABLE "documents" ADD COLUMN "updated_by_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "documents" ADD CONSTRAINT "documents_updated_by_users_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;