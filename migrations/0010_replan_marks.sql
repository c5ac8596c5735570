-- Replan marks (issue #10, goal 3; src/app/reminders/README.md, "Replanning cost"). The "needs planning" mark
-- leaves due_items: an unchanged replan then writes nothing per item.
--   replan_items: items whose own inputs changed (written by the triggers below), consumed by the planner.
--   replan_units: units whose recipients changed (written by the membership and chat use cases).
CREATE TABLE "replan_items" (
	"due_item_id" bigint PRIMARY KEY NOT NULL,
	"revision" integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE "replan_units" (
	"unit_id" integer PRIMARY KEY NOT NULL,
	"seq" bigserial NOT NULL
);
--> statement-breakpoint
-- Every item still waiting under the old mark keeps waiting.
INSERT INTO "replan_items" ("due_item_id", "revision")
  SELECT "id", "revision" FROM "due_items" WHERE "planned_revision" IS DISTINCT FROM "revision";
--> statement-breakpoint
DROP INDEX "due_items_replan_idx";--> statement-breakpoint
ALTER TABLE "due_items" DROP COLUMN "planned_revision";--> statement-breakpoint
-- A new item waits to be planned: one statement per INSERT statement (publishing inserts 10^5 rows at once).
CREATE FUNCTION nv_mark_new_due_items() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO replan_items (due_item_id, revision) SELECT n.id, n.revision FROM nv_new_rows n
  ON CONFLICT (due_item_id) DO UPDATE SET revision = EXCLUDED.revision;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER due_items_replan_insert AFTER INSERT ON due_items REFERENCING NEW TABLE AS nv_new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION nv_mark_new_due_items();
--> statement-breakpoint
-- A revision bump (a new date, a state change, an extension, an amendment …) marks the item at its new revision.
-- Only statements that set `revision` fire it, and only rows whose revision changed run it.
CREATE FUNCTION nv_mark_due_item() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO replan_items (due_item_id, revision) VALUES (NEW.id, NEW.revision)
  ON CONFLICT (due_item_id) DO UPDATE SET revision = EXCLUDED.revision;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER due_items_replan_revision AFTER UPDATE OF revision ON due_items
  FOR EACH ROW WHEN (OLD.revision IS DISTINCT FROM NEW.revision) EXECUTE FUNCTION nv_mark_due_item();
--> statement-breakpoint
-- A deleted item takes its mark with it (no declared key, see src/db/schema.ts).
CREATE TRIGGER due_items_replan_delete AFTER DELETE ON due_items REFERENCING OLD TABLE AS nv_old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION nv_cascade_delete('replan_items', 'due_item_id');
--> statement-breakpoint
CREATE FUNCTION nv_clear_replan_items() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM replan_items;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER due_items_replan_truncate AFTER TRUNCATE ON due_items
  FOR EACH STATEMENT EXECUTE FUNCTION nv_clear_replan_items();
