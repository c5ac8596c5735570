CREATE TABLE "zalo_inbox" (
	"message_id" text PRIMARY KEY NOT NULL,
	"update" jsonb NOT NULL,
	"received_at" timestamp with time zone NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"next_attempt_at" timestamp with time zone NOT NULL,
	"last_error" text,
	"handled_at" timestamp with time zone
);
--> statement-breakpoint
CREATE INDEX "zalo_inbox_pending_idx" ON "zalo_inbox" USING btree ("next_attempt_at") WHERE handled_at is null;