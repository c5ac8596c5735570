ALTER TABLE "due_items" ADD COLUMN "planned_revision" integer;--> statement-breakpoint
ALTER TABLE "reminders" ADD COLUMN "acknowledged_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "reminders" ADD COLUMN "possible_duplicate" boolean DEFAULT false NOT NULL;--> statement-breakpoint
CREATE INDEX "due_items_replan_idx" ON "due_items" USING btree ("id") WHERE planned_revision is distinct from revision;