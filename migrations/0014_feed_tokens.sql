CREATE TABLE "feed_tokens" (
	"id" serial PRIMARY KEY NOT NULL,
	"token_hash" text NOT NULL,
	"unit_id" integer,
	"person_id" integer,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"revoked_at" timestamp with time zone,
	CONSTRAINT "feed_tokens_token_hash_unique" UNIQUE("token_hash"),
	CONSTRAINT "feed_tokens_one_owner" CHECK (("unit_id" IS NULL) <> ("person_id" IS NULL))
);
--> statement-breakpoint
ALTER TABLE "feed_tokens" ADD CONSTRAINT "feed_tokens_unit_id_units_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."units"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "feed_tokens" ADD CONSTRAINT "feed_tokens_person_id_people_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."people"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "feed_tokens_active_unit_uq" ON "feed_tokens" USING btree ("unit_id") WHERE revoked_at IS NULL AND unit_id IS NOT NULL;--> statement-breakpoint
CREATE UNIQUE INDEX "feed_tokens_active_person_uq" ON "feed_tokens" USING btree ("person_id") WHERE revoked_at IS NULL AND person_id IS NOT NULL;
