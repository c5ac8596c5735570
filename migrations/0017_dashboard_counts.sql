CREATE TABLE "dashboard_counts" (
	"plan_id" integer NOT NULL,
	"unit_id" integer NOT NULL,
	"month" date NOT NULL,
	"done" integer DEFAULT 0 NOT NULL,
	"done_late" integer DEFAULT 0 NOT NULL,
	"open" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "dashboard_counts_plan_id_month_unit_id_pk" PRIMARY KEY("plan_id","month","unit_id")
);
