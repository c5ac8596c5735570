CREATE TYPE "public"."channel_kind" AS ENUM('telegram', 'zalo', 'email');--> statement-breakpoint
CREATE TABLE "channel_deliveries" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"reminder_id" bigint NOT NULL,
	"person_id" integer NOT NULL,
	"kind" "channel_kind" NOT NULL,
	"address" text NOT NULL,
	"rank" integer NOT NULL,
	"message_id" text,
	"sent_at" timestamp with time zone NOT NULL,
	"fallback_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "person_channels" (
	"id" serial PRIMARY KEY NOT NULL,
	"person_id" integer NOT NULL,
	"kind" "channel_kind" NOT NULL,
	"address" text NOT NULL,
	"rank" integer DEFAULT 10 NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"inactive_reason" text,
	"last_ok_at" timestamp with time zone,
	"last_failed_at" timestamp with time zone,
	"last_error" text,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "channel_deliveries" ADD CONSTRAINT "channel_deliveries_reminder_id_reminders_id_fk" FOREIGN KEY ("reminder_id") REFERENCES "public"."reminders"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "channel_deliveries" ADD CONSTRAINT "channel_deliveries_person_id_people_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."people"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "person_channels" ADD CONSTRAINT "person_channels_person_id_people_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."people"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "channel_deliveries_reminder_idx" ON "channel_deliveries" USING btree ("reminder_id");--> statement-breakpoint
CREATE INDEX "channel_deliveries_pending_idx" ON "channel_deliveries" USING btree ("sent_at") WHERE fallback_at is null;--> statement-breakpoint
CREATE UNIQUE INDEX "person_channels_person_kind_address_uq" ON "person_channels" USING btree ("person_id","kind","address");--> statement-breakpoint
CREATE INDEX "person_channels_address_idx" ON "person_channels" USING btree ("kind","address");