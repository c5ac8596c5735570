CREATE TYPE "public"."assignment_role" AS ENUM('lead', 'support');--> statement-breakpoint
CREATE TYPE "public"."chat_kind" AS ENUM('private', 'group', 'supergroup', 'channel');--> statement-breakpoint
CREATE TYPE "public"."due_state" AS ENUM('waiting', 'open', 'overdue', 'extended', 'pending_approval', 'done', 'waived');--> statement-breakpoint
CREATE TYPE "public"."extension_status" AS ENUM('pending', 'approved', 'rejected', 'countered', 'withdrawn');--> statement-breakpoint
CREATE TYPE "public"."member_role" AS ENUM('focal', 'head', 'leader', 'coordinator');--> statement-breakpoint
CREATE TYPE "public"."plan_status" AS ENUM('draft', 'published', 'archived');--> statement-breakpoint
CREATE TYPE "public"."reminder_kind" AS ENUM('reminder', 'nudge', 'escalation', 'late_notice', 'digest', 'notice');--> statement-breakpoint
CREATE TYPE "public"."reminder_status" AS ENUM('planned', 'sending', 'sent', 'failed', 'cancelled', 'unknown', 'skipped');--> statement-breakpoint
CREATE TYPE "public"."unit_kind" AS ENUM('province', 'department', 'district', 'commune', 'other');--> statement-breakpoint
CREATE TABLE "audit_log" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"actor_person_id" integer,
	"actor_telegram_id" bigint,
	"actor" text NOT NULL,
	"action" text NOT NULL,
	"entity" text,
	"entity_id" text,
	"chat_id" bigint,
	"outcome" text DEFAULT 'ok' NOT NULL,
	"details" jsonb
);
--> statement-breakpoint
CREATE TABLE "callback_tokens" (
	"token" text PRIMARY KEY NOT NULL,
	"action" text NOT NULL,
	"due_item_id" bigint,
	"payload" jsonb,
	"expires_at" timestamp with time zone NOT NULL,
	"used_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "chat_send_slots" (
	"chat_id" bigint PRIMARY KEY NOT NULL,
	"next_slot_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "chats" (
	"id" serial PRIMARY KEY NOT NULL,
	"telegram_chat_id" bigint NOT NULL,
	"kind" "chat_kind" NOT NULL,
	"title" text,
	"person_id" integer,
	"unit_id" integer,
	"active" boolean DEFAULT true NOT NULL,
	"inactive_reason" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "chats_telegram_chat_id_unique" UNIQUE("telegram_chat_id")
);
--> statement-breakpoint
CREATE TABLE "digest_runs" (
	"id" serial PRIMARY KEY NOT NULL,
	"kind" text NOT NULL,
	"period_key" text NOT NULL,
	"province" text NOT NULL,
	"stats" jsonb,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "due_items" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"assignment_id" integer NOT NULL,
	"occurrence_key" text NOT NULL,
	"occurrence_label" text NOT NULL,
	"window_start" date,
	"nominal_due" date,
	"due_date" date,
	"due_at" timestamp with time zone,
	"waiting_event" text,
	"state" "due_state" DEFAULT 'open' NOT NULL,
	"done_at" timestamp with time zone,
	"done_by_person_id" integer,
	"evidence" jsonb,
	"revision" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "events" (
	"id" serial PRIMARY KEY NOT NULL,
	"province" text NOT NULL,
	"type" text NOT NULL,
	"date" date NOT NULL,
	"reference" text,
	"recorded_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "extension_requests" (
	"id" serial PRIMARY KEY NOT NULL,
	"due_item_id" bigint NOT NULL,
	"requested_by_person_id" integer,
	"reason" text NOT NULL,
	"proposed_date" date NOT NULL,
	"previous_due_date" date,
	"status" "extension_status" DEFAULT 'pending' NOT NULL,
	"counter_date" date,
	"decided_by_person_id" integer,
	"decided_at" timestamp with time zone,
	"decision_note" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "invites" (
	"id" serial PRIMARY KEY NOT NULL,
	"token_hash" text NOT NULL,
	"unit_id" integer NOT NULL,
	"role" "member_role" NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"used_at" timestamp with time zone,
	"used_by_person_id" integer,
	"used_in_chat_id" bigint,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "invites_token_hash_unique" UNIQUE("token_hash")
);
--> statement-breakpoint
CREATE TABLE "memberships" (
	"id" serial PRIMARY KEY NOT NULL,
	"person_id" integer NOT NULL,
	"unit_id" integer NOT NULL,
	"role" "member_role" NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"revoked_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "outbox" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"chat_id" bigint NOT NULL,
	"method" text DEFAULT 'sendMessage' NOT NULL,
	"text" text,
	"payload" jsonb,
	"reminder_id" bigint,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "people" (
	"id" serial PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"telegram_user_id" bigint,
	"locale" text DEFAULT 'vi' NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "people_telegram_user_id_unique" UNIQUE("telegram_user_id")
);
--> statement-breakpoint
CREATE TABLE "plan_sections" (
	"id" serial PRIMARY KEY NOT NULL,
	"plan_id" integer NOT NULL,
	"number" text NOT NULL,
	"title" text NOT NULL,
	"position" integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE "plans" (
	"id" serial PRIMARY KEY NOT NULL,
	"province" text NOT NULL,
	"title" text NOT NULL,
	"decision_number" text,
	"decision_date" date,
	"period_start_year" integer NOT NULL,
	"period_end_year" integer NOT NULL,
	"source_file_name" text,
	"source_file_hash" text,
	"status" "plan_status" DEFAULT 'draft' NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"settings" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"problems" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"published_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "processed_updates" (
	"update_id" bigint PRIMARY KEY NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "reminders" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"due_item_id" bigint,
	"kind" "reminder_kind" NOT NULL,
	"step" text NOT NULL,
	"recipient_chat_id" bigint NOT NULL,
	"dedupe_key" text NOT NULL,
	"planned_at" timestamp with time zone NOT NULL,
	"status" "reminder_status" DEFAULT 'planned' NOT NULL,
	"attempt" integer DEFAULT 0 NOT NULL,
	"claim_token" text,
	"claimed_at" timestamp with time zone,
	"telegram_message_id" bigint,
	"sent_at" timestamp with time zone,
	"last_error" text,
	"payload" jsonb,
	"enqueued_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "reminders_dedupe_key_unique" UNIQUE("dedupe_key")
);
--> statement-breakpoint
CREATE TABLE "task_assignments" (
	"id" serial PRIMARY KEY NOT NULL,
	"task_id" integer NOT NULL,
	"unit_id" integer NOT NULL,
	"role" "assignment_role" NOT NULL
);
--> statement-breakpoint
CREATE TABLE "tasks" (
	"id" serial PRIMARY KEY NOT NULL,
	"plan_id" integer NOT NULL,
	"section_id" integer,
	"number" text NOT NULL,
	"position" integer NOT NULL,
	"title" text NOT NULL,
	"output" text,
	"lead_text" text,
	"support_text" text,
	"deadline_text" text,
	"deadline_rule" jsonb,
	"deadline_rule_version" integer,
	"budget" numeric(14, 2),
	"is_proposal" boolean DEFAULT false NOT NULL,
	"manual_due_date" date,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "unit_aliases" (
	"id" serial PRIMARY KEY NOT NULL,
	"unit_id" integer NOT NULL,
	"alias" text NOT NULL,
	"normalized" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "unit_group_members" (
	"group_id" integer NOT NULL,
	"unit_id" integer NOT NULL,
	CONSTRAINT "unit_group_members_group_id_unit_id_pk" PRIMARY KEY("group_id","unit_id")
);
--> statement-breakpoint
CREATE TABLE "unit_groups" (
	"id" serial PRIMARY KEY NOT NULL,
	"province" text NOT NULL,
	"code" text NOT NULL,
	"name" text NOT NULL,
	"aliases" jsonb DEFAULT '[]'::jsonb NOT NULL
);
--> statement-breakpoint
CREATE TABLE "units" (
	"id" serial PRIMARY KEY NOT NULL,
	"province" text NOT NULL,
	"code" text NOT NULL,
	"name" text NOT NULL,
	"kind" "unit_kind" NOT NULL,
	"parent_id" integer,
	"effective_from" date,
	"effective_to" date,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "chats" ADD CONSTRAINT "chats_person_id_people_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."people"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "chats" ADD CONSTRAINT "chats_unit_id_units_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."units"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "due_items" ADD CONSTRAINT "due_items_assignment_id_task_assignments_id_fk" FOREIGN KEY ("assignment_id") REFERENCES "public"."task_assignments"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "due_items" ADD CONSTRAINT "due_items_done_by_person_id_people_id_fk" FOREIGN KEY ("done_by_person_id") REFERENCES "public"."people"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "extension_requests" ADD CONSTRAINT "extension_requests_due_item_id_due_items_id_fk" FOREIGN KEY ("due_item_id") REFERENCES "public"."due_items"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "extension_requests" ADD CONSTRAINT "extension_requests_requested_by_person_id_people_id_fk" FOREIGN KEY ("requested_by_person_id") REFERENCES "public"."people"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "extension_requests" ADD CONSTRAINT "extension_requests_decided_by_person_id_people_id_fk" FOREIGN KEY ("decided_by_person_id") REFERENCES "public"."people"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "invites" ADD CONSTRAINT "invites_unit_id_units_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."units"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "invites" ADD CONSTRAINT "invites_used_by_person_id_people_id_fk" FOREIGN KEY ("used_by_person_id") REFERENCES "public"."people"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "memberships" ADD CONSTRAINT "memberships_person_id_people_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."people"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "memberships" ADD CONSTRAINT "memberships_unit_id_units_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."units"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "plan_sections" ADD CONSTRAINT "plan_sections_plan_id_plans_id_fk" FOREIGN KEY ("plan_id") REFERENCES "public"."plans"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reminders" ADD CONSTRAINT "reminders_due_item_id_due_items_id_fk" FOREIGN KEY ("due_item_id") REFERENCES "public"."due_items"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "task_assignments" ADD CONSTRAINT "task_assignments_task_id_tasks_id_fk" FOREIGN KEY ("task_id") REFERENCES "public"."tasks"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "task_assignments" ADD CONSTRAINT "task_assignments_unit_id_units_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."units"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tasks" ADD CONSTRAINT "tasks_plan_id_plans_id_fk" FOREIGN KEY ("plan_id") REFERENCES "public"."plans"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tasks" ADD CONSTRAINT "tasks_section_id_plan_sections_id_fk" FOREIGN KEY ("section_id") REFERENCES "public"."plan_sections"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "unit_aliases" ADD CONSTRAINT "unit_aliases_unit_id_units_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."units"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "unit_group_members" ADD CONSTRAINT "unit_group_members_group_id_unit_groups_id_fk" FOREIGN KEY ("group_id") REFERENCES "public"."unit_groups"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "unit_group_members" ADD CONSTRAINT "unit_group_members_unit_id_units_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."units"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "units" ADD CONSTRAINT "units_parent_id_units_id_fk" FOREIGN KEY ("parent_id") REFERENCES "public"."units"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "audit_log_at_idx" ON "audit_log" USING btree ("at");--> statement-breakpoint
CREATE INDEX "chats_person_idx" ON "chats" USING btree ("person_id");--> statement-breakpoint
CREATE INDEX "chats_unit_idx" ON "chats" USING btree ("unit_id");--> statement-breakpoint
CREATE UNIQUE INDEX "digest_runs_uq" ON "digest_runs" USING btree ("kind","period_key","province");--> statement-breakpoint
CREATE UNIQUE INDEX "due_items_assignment_occ_uq" ON "due_items" USING btree ("assignment_id","occurrence_key");--> statement-breakpoint
CREATE INDEX "due_items_state_due_idx" ON "due_items" USING btree ("state","due_date");--> statement-breakpoint
CREATE INDEX "events_province_type_idx" ON "events" USING btree ("province","type");--> statement-breakpoint
CREATE UNIQUE INDEX "memberships_person_unit_role_uq" ON "memberships" USING btree ("person_id","unit_id","role");--> statement-breakpoint
CREATE INDEX "memberships_unit_idx" ON "memberships" USING btree ("unit_id","role");--> statement-breakpoint
CREATE UNIQUE INDEX "plan_sections_plan_pos_uq" ON "plan_sections" USING btree ("plan_id","position");--> statement-breakpoint
CREATE UNIQUE INDEX "plans_province_period_version_uq" ON "plans" USING btree ("province","period_start_year","period_end_year","version");--> statement-breakpoint
CREATE INDEX "reminders_status_planned_idx" ON "reminders" USING btree ("status","planned_at");--> statement-breakpoint
CREATE INDEX "reminders_due_item_idx" ON "reminders" USING btree ("due_item_id");--> statement-breakpoint
CREATE UNIQUE INDEX "task_assignments_uq" ON "task_assignments" USING btree ("task_id","unit_id","role");--> statement-breakpoint
CREATE INDEX "task_assignments_unit_idx" ON "task_assignments" USING btree ("unit_id");--> statement-breakpoint
CREATE UNIQUE INDEX "tasks_plan_pos_uq" ON "tasks" USING btree ("plan_id","position");--> statement-breakpoint
CREATE UNIQUE INDEX "unit_aliases_unit_norm_uq" ON "unit_aliases" USING btree ("unit_id","normalized");--> statement-breakpoint
CREATE INDEX "unit_aliases_norm_idx" ON "unit_aliases" USING btree ("normalized");--> statement-breakpoint
CREATE UNIQUE INDEX "unit_groups_province_code_uq" ON "unit_groups" USING btree ("province","code");--> statement-breakpoint
CREATE UNIQUE INDEX "units_province_code_uq" ON "units" USING btree ("province","code");