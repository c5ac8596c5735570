ALTER TABLE "tasks" ADD COLUMN "key" text;--> statement-breakpoint
ALTER TABLE "unit_aliases" ADD COLUMN "short" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "unit_groups" ADD COLUMN "kinds" jsonb DEFAULT '[]'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "units" ADD COLUMN "note" text;