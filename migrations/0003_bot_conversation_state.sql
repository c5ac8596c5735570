CREATE TABLE "bot_pending_inputs" (
	"chat_id" bigint NOT NULL,
	"user_id" bigint NOT NULL,
	"kind" text NOT NULL,
	"due_item_id" bigint,
	"payload" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "bot_pending_inputs_chat_id_user_id_pk" PRIMARY KEY("chat_id","user_id")
);
--> statement-breakpoint
CREATE TABLE "due_item_notes" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"due_item_id" bigint NOT NULL,
	"person_id" integer,
	"text" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "bot_pending_inputs" ADD CONSTRAINT "bot_pending_inputs_due_item_id_due_items_id_fk" FOREIGN KEY ("due_item_id") REFERENCES "public"."due_items"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "due_item_notes" ADD CONSTRAINT "due_item_notes_due_item_id_due_items_id_fk" FOREIGN KEY ("due_item_id") REFERENCES "public"."due_items"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "due_item_notes" ADD CONSTRAINT "due_item_notes_person_id_people_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."people"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "due_item_notes_item_idx" ON "due_item_notes" USING btree ("due_item_id","created_at");