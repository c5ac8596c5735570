CREATE TABLE "evidence_files" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"due_item_id" bigint NOT NULL,
	"telegram_file_id" text NOT NULL,
	"file_name" text NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"next_attempt_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_error" text,
	"size_bytes" integer,
	"sha256" text,
	"content" "bytea",
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"stored_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "evidence_files" ADD CONSTRAINT "evidence_files_due_item_id_due_items_id_fk" FOREIGN KEY ("due_item_id") REFERENCES "public"."due_items"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "evidence_files_item_file_uq" ON "evidence_files" USING btree ("due_item_id","telegram_file_id");--> statement-breakpoint
CREATE INDEX "evidence_files_pending_idx" ON "evidence_files" USING btree ("next_attempt_at") WHERE status = 'pending';