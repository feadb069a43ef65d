CREATE TABLE "action_items" (
	"id" uuid PRIMARY KEY NOT NULL,
	"org_id" uuid NOT NULL,
	"document_id" uuid,
	"origin_document_id" uuid NOT NULL,
	"origin_team_id" uuid NOT NULL,
	"block_id" uuid NOT NULL,
	"text" text NOT NULL,
	"owner_id" uuid,
	"due_on" date,
	"done" boolean DEFAULT false NOT NULL,
	"done_at" timestamp with time zone,
	"removed_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "api_tokens" (
	"id" uuid PRIMARY KEY NOT NULL,
	"org_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"name" text NOT NULL,
	"secret_hash" "bytea" NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_used_at" timestamp with time zone,
	"revoked_at" timestamp with time zone,
	CONSTRAINT "api_tokens_name_check" CHECK (length(btrim("api_tokens"."name")) between 1 and 100)
);
--> statement-breakpoint
CREATE TABLE "document_edit_days" (
	"org_id" uuid NOT NULL,
	"document_id" uuid NOT NULL,
	"team_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"day" date NOT NULL,
	"updates" integer DEFAULT 1 NOT NULL,
	CONSTRAINT "document_edit_days_document_id_user_id_day_pk" PRIMARY KEY("document_id","user_id","day")
);
--> statement-breakpoint
CREATE TABLE "lesson_feedback" (
	"id" uuid PRIMARY KEY NOT NULL,
	"org_id" uuid NOT NULL,
	"lesson_id" uuid NOT NULL,
	"user_id" uuid,
	"kind" text NOT NULL,
	"body" text DEFAULT '' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"resolved_at" timestamp with time zone,
	"resolved_by" uuid,
	"resolution" text DEFAULT '' NOT NULL,
	CONSTRAINT "lesson_feedback_kind_check" CHECK ("lesson_feedback"."kind" in ('useful', 'outdated', 'question')),
	CONSTRAINT "lesson_feedback_body_check" CHECK (length("lesson_feedback"."body") <= 2000)
);
--> statement-breakpoint
CREATE TABLE "lesson_recurrences" (
	"id" uuid PRIMARY KEY NOT NULL,
	"org_id" uuid NOT NULL,
	"lesson_id" uuid NOT NULL,
	"document_id" uuid NOT NULL,
	"reported_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "measurements" (
	"id" uuid PRIMARY KEY NOT NULL,
	"org_id" uuid NOT NULL,
	"process_change_id" uuid NOT NULL,
	"value" double precision NOT NULL,
	"measured_on" date NOT NULL,
	"note" text DEFAULT '' NOT NULL,
	"source" text DEFAULT '' NOT NULL,
	"recorded_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"removed_at" timestamp with time zone,
	"removed_by" uuid,
	CONSTRAINT "measurements_value_check" CHECK ("measurements"."value" <> 'NaN'::float8 and "measurements"."value" <> 'Infinity'::float8 and "measurements"."value" <> '-Infinity'::float8),
	CONSTRAINT "measurements_note_check" CHECK (length("measurements"."note") <= 2000 and length("measurements"."source") <= 500)
);
--> statement-breakpoint
CREATE TABLE "training_records" (
	"id" uuid PRIMARY KEY NOT NULL,
	"org_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"course" text NOT NULL,
	"organiser" text DEFAULT '' NOT NULL,
	"completed_on" date NOT NULL,
	"hours" double precision NOT NULL,
	"created_by" uuid,
	"import_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "training_records_hours_check" CHECK ("training_records"."hours" > 0 and "training_records"."hours" <= 1000),
	CONSTRAINT "training_records_text_check" CHECK (length(btrim("training_records"."course")) between 1 and 300 and length("training_records"."organiser") <= 300)
);
--> statement-breakpoint
ALTER TABLE "notifications" DROP CONSTRAINT "notifications_kind_check";--> statement-breakpoint
ALTER TABLE "notifications" ADD COLUMN "process_change_id" uuid;--> statement-breakpoint
ALTER TABLE "process_changes" ADD COLUMN "owner_id" uuid;--> statement-breakpoint
ALTER TABLE "process_changes" ADD COLUMN "planned_on" date;--> statement-breakpoint
ALTER TABLE "process_changes" ADD COLUMN "baseline_on" date;--> statement-breakpoint
ALTER TABLE "process_changes" ADD COLUMN "implemented_on" date;--> statement-breakpoint
ALTER TABLE "process_changes" ADD COLUMN "outcome" text;--> statement-breakpoint
ALTER TABLE "process_changes" ADD COLUMN "outcome_note" text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE "process_changes" ADD COLUMN "outcome_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "process_changes" ADD COLUMN "outcome_by" uuid;--> statement-breakpoint
-- Before the measurements' (org_id, process_change_id) foreign key, which needs it.
CREATE UNIQUE INDEX "process_changes_org_id_idx" ON "process_changes" USING btree ("org_id","id");--> statement-breakpoint
ALTER TABLE "action_items" ADD CONSTRAINT "action_items_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "action_items" ADD CONSTRAINT "action_items_document_id_documents_id_fk" FOREIGN KEY ("document_id") REFERENCES "public"."documents"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "action_items" ADD CONSTRAINT "action_items_owner_id_users_id_fk" FOREIGN KEY ("owner_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "api_tokens" ADD CONSTRAINT "api_tokens_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "api_tokens" ADD CONSTRAINT "api_tokens_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "document_edit_days" ADD CONSTRAINT "document_edit_days_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "document_edit_days" ADD CONSTRAINT "document_edit_days_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "lesson_feedback" ADD CONSTRAINT "lesson_feedback_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "lesson_feedback" ADD CONSTRAINT "lesson_feedback_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "lesson_feedback" ADD CONSTRAINT "lesson_feedback_resolved_by_users_id_fk" FOREIGN KEY ("resolved_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "lesson_feedback" ADD CONSTRAINT "lesson_feedback_lesson_fk" FOREIGN KEY ("org_id","lesson_id") REFERENCES "public"."lessons"("org_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "lesson_recurrences" ADD CONSTRAINT "lesson_recurrences_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "lesson_recurrences" ADD CONSTRAINT "lesson_recurrences_document_id_documents_id_fk" FOREIGN KEY ("document_id") REFERENCES "public"."documents"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "lesson_recurrences" ADD CONSTRAINT "lesson_recurrences_reported_by_users_id_fk" FOREIGN KEY ("reported_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "lesson_recurrences" ADD CONSTRAINT "lesson_recurrences_lesson_fk" FOREIGN KEY ("org_id","lesson_id") REFERENCES "public"."lessons"("org_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "measurements" ADD CONSTRAINT "measurements_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "measurements" ADD CONSTRAINT "measurements_recorded_by_users_id_fk" FOREIGN KEY ("recorded_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "measurements" ADD CONSTRAINT "measurements_removed_by_users_id_fk" FOREIGN KEY ("removed_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "measurements" ADD CONSTRAINT "measurements_change_fk" FOREIGN KEY ("org_id","process_change_id") REFERENCES "public"."process_changes"("org_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "training_records" ADD CONSTRAINT "training_records_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "training_records" ADD CONSTRAINT "training_records_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "training_records" ADD CONSTRAINT "training_records_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "action_items_origin_block_idx" ON "action_items" USING btree ("origin_document_id","block_id");--> statement-breakpoint
CREATE INDEX "action_items_team_idx" ON "action_items" USING btree ("org_id","origin_team_id","done");--> statement-breakpoint
CREATE INDEX "action_items_owner_idx" ON "action_items" USING btree ("owner_id");--> statement-breakpoint
CREATE INDEX "api_tokens_user_idx" ON "api_tokens" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "document_edit_days_org_day_idx" ON "document_edit_days" USING btree ("org_id","day");--> statement-breakpoint
CREATE INDEX "document_edit_days_user_idx" ON "document_edit_days" USING btree ("user_id","day");--> statement-breakpoint
CREATE INDEX "lesson_feedback_lesson_idx" ON "lesson_feedback" USING btree ("lesson_id","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "lesson_feedback_once_idx" ON "lesson_feedback" USING btree ("lesson_id","user_id","kind") WHERE "lesson_feedback"."kind" in ('useful', 'outdated') and "lesson_feedback"."resolved_at" is null;--> statement-breakpoint
CREATE UNIQUE INDEX "lesson_recurrences_once_idx" ON "lesson_recurrences" USING btree ("lesson_id","document_id");--> statement-breakpoint
CREATE INDEX "measurements_change_idx" ON "measurements" USING btree ("process_change_id","measured_on");--> statement-breakpoint
CREATE INDEX "measurements_org_idx" ON "measurements" USING btree ("org_id","measured_on");--> statement-breakpoint
CREATE INDEX "training_records_org_user_idx" ON "training_records" USING btree ("org_id","user_id","completed_on");--> statement-breakpoint
CREATE INDEX "training_records_org_date_idx" ON "training_records" USING btree ("org_id","completed_on");--> statement-breakpoint
ALTER TABLE "notifications" ADD CONSTRAINT "notifications_process_change_id_process_changes_id_fk" FOREIGN KEY ("process_change_id") REFERENCES "public"."process_changes"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "process_changes" ADD CONSTRAINT "process_changes_owner_id_users_id_fk" FOREIGN KEY ("owner_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "process_changes" ADD CONSTRAINT "process_changes_outcome_by_users_id_fk" FOREIGN KEY ("outcome_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "process_changes_org_team_idx" ON "process_changes" USING btree ("org_id","origin_team_id","implemented_on");--> statement-breakpoint
ALTER TABLE "notifications" ADD CONSTRAINT "notifications_kind_check" CHECK ("notifications"."kind" in ('mention', 'reply', 'review_request', 'sign_off', 'resolved', 'measurement_due'));--> statement-breakpoint
ALTER TABLE "process_changes" ADD CONSTRAINT "process_changes_outcome_check" CHECK ("process_changes"."outcome" in ('kept', 'dropped'));--> statement-breakpoint
ALTER TABLE "process_changes" ADD CONSTRAINT "process_changes_outcome_implemented_check" CHECK ("process_changes"."outcome" is null or "process_changes"."implemented_on" is not null);