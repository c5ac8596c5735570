CREATE TABLE "queue_state" (
	"name" text PRIMARY KEY NOT NULL,
	"generation" bigint NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
