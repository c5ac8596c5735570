ALTER TABLE "due_items" DROP CONSTRAINT "due_items_assignment_id_task_assignments_id_fk";
--> statement-breakpoint
ALTER TABLE "task_assignments" DROP CONSTRAINT "task_assignments_task_id_tasks_id_fk";
--> statement-breakpoint
ALTER TABLE "task_assignments" DROP CONSTRAINT "task_assignments_unit_id_units_id_fk";
--> statement-breakpoint
ALTER TABLE "tasks" ADD COLUMN "unit_overrides" jsonb;--> statement-breakpoint
ALTER TABLE "tasks" ADD COLUMN "proposal_status" text;--> statement-breakpoint
ALTER TABLE "tasks" ADD COLUMN "withdrawn_at" timestamp with time zone;--> statement-breakpoint
-- Three references are enforced per statement instead of per row (see the comments in src/db/schema.ts):
--   due_items.assignment_id → task_assignments(id) ON DELETE CASCADE
--   task_assignments.task_id → tasks(id)            ON DELETE CASCADE
--   task_assignments.unit_id → units(id)            ON DELETE RESTRICT
-- Publishing inserts 10^5 rows in a statement and the per-row RI checks cost about half the insert rate. The
-- guarantees are those of the declared keys they replace: an insert naming a missing parent fails with SQLSTATE
-- 23503, and the parents are locked FOR KEY SHARE until commit, once per statement (a concurrent DELETE waits, then
-- cascades to the new rows or is refused); deletes cascade or are refused; referenced ids never change; TRUNCATE of
-- a parent alone is refused while children exist. tests/integration/references.test.ts checks each.
CREATE FUNCTION nv_check_reference() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  -- TG_ARGV: child column, parent table, name of the reference (for the error).
  missing bigint;
BEGIN
  -- One pass over the new rows: their distinct parent ids, the parents found (and locked), the first id missing.
  EXECUTE format($q$
    WITH ids AS MATERIALIZED (SELECT DISTINCT n.%2$I AS id FROM nv_new_rows n),
         locked AS MATERIALIZED (SELECT p.id FROM %1$I p WHERE p.id IN (SELECT id FROM ids) FOR KEY SHARE OF p)
    SELECT min(ids.id) FROM ids WHERE ids.id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM locked l WHERE l.id = ids.id)$q$, TG_ARGV[1], TG_ARGV[0])
    INTO missing;
  IF missing IS NOT NULL THEN
    RAISE EXCEPTION 'insert or update on table "%" violates reference "%"', TG_TABLE_NAME, TG_ARGV[2]
      USING ERRCODE = 'foreign_key_violation', TABLE = TG_TABLE_NAME, CONSTRAINT = TG_ARGV[2],
            DETAIL = format('Key (%s)=(%s) is not present in table "%s".', TG_ARGV[0], missing, TG_ARGV[1]);
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE FUNCTION nv_cascade_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  -- TG_ARGV: child table, child column.
  EXECUTE format('DELETE FROM %I c USING nv_old_rows o WHERE c.%I = o.id', TG_ARGV[0], TG_ARGV[1]);
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE FUNCTION nv_restrict_delete() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  -- TG_ARGV: child table, child column, name of the reference.
  used bigint;
BEGIN
  EXECUTE format('SELECT o.id FROM nv_old_rows o WHERE EXISTS (SELECT 1 FROM %I c WHERE c.%I = o.id) LIMIT 1', TG_ARGV[0], TG_ARGV[1]) INTO used;
  IF used IS NOT NULL THEN
    RAISE EXCEPTION 'update or delete on table "%" violates reference "%" on table "%"', TG_TABLE_NAME, TG_ARGV[2], TG_ARGV[0]
      USING ERRCODE = 'foreign_key_violation', TABLE = TG_ARGV[0], CONSTRAINT = TG_ARGV[2],
            DETAIL = format('Key (id)=(%s) is still referenced from table "%s".', used, TG_ARGV[0]);
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE FUNCTION nv_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '%.% cannot change: it is a reference', TG_TABLE_NAME, TG_ARGV[0]
    USING ERRCODE = 'foreign_key_violation', TABLE = TG_TABLE_NAME;
END $$;
--> statement-breakpoint
CREATE FUNCTION nv_refuse_truncate() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  -- TG_ARGV: child table. AFTER TRUNCATE runs once every table of the statement is empty.
  has_rows boolean;
BEGIN
  EXECUTE format('SELECT EXISTS (SELECT 1 FROM %I)', TG_ARGV[0]) INTO has_rows;
  IF has_rows THEN
    RAISE EXCEPTION 'cannot truncate "%" while "%" has rows: truncate both in one statement', TG_TABLE_NAME, TG_ARGV[0]
      USING ERRCODE = 'feature_not_supported';
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER due_items_assignment_ref AFTER INSERT ON due_items REFERENCING NEW TABLE AS nv_new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION nv_check_reference('assignment_id', 'task_assignments', 'due_items_assignment_ref');
--> statement-breakpoint
CREATE TRIGGER due_items_assignment_fixed BEFORE UPDATE OF assignment_id ON due_items
  FOR EACH ROW WHEN (OLD.assignment_id IS DISTINCT FROM NEW.assignment_id) EXECUTE FUNCTION nv_refuse_change('assignment_id');
--> statement-breakpoint
CREATE TRIGGER task_assignments_task_ref AFTER INSERT ON task_assignments REFERENCING NEW TABLE AS nv_new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION nv_check_reference('task_id', 'tasks', 'task_assignments_task_ref');
--> statement-breakpoint
CREATE TRIGGER task_assignments_unit_ref AFTER INSERT ON task_assignments REFERENCING NEW TABLE AS nv_new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION nv_check_reference('unit_id', 'units', 'task_assignments_unit_ref');
--> statement-breakpoint
CREATE TRIGGER task_assignments_refs_fixed BEFORE UPDATE OF id, task_id, unit_id ON task_assignments
  FOR EACH ROW WHEN (OLD.id IS DISTINCT FROM NEW.id OR OLD.task_id IS DISTINCT FROM NEW.task_id OR OLD.unit_id IS DISTINCT FROM NEW.unit_id)
  EXECUTE FUNCTION nv_refuse_change('id, task_id, unit_id');
--> statement-breakpoint
CREATE TRIGGER task_assignments_cascade AFTER DELETE ON task_assignments REFERENCING OLD TABLE AS nv_old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION nv_cascade_delete('due_items', 'assignment_id');
--> statement-breakpoint
CREATE TRIGGER task_assignments_truncate AFTER TRUNCATE ON task_assignments
  FOR EACH STATEMENT EXECUTE FUNCTION nv_refuse_truncate('due_items');
--> statement-breakpoint
CREATE TRIGGER tasks_id_fixed BEFORE UPDATE OF id ON tasks
  FOR EACH ROW WHEN (OLD.id IS DISTINCT FROM NEW.id) EXECUTE FUNCTION nv_refuse_change('id');
--> statement-breakpoint
CREATE TRIGGER tasks_cascade AFTER DELETE ON tasks REFERENCING OLD TABLE AS nv_old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION nv_cascade_delete('task_assignments', 'task_id');
--> statement-breakpoint
CREATE TRIGGER tasks_truncate AFTER TRUNCATE ON tasks
  FOR EACH STATEMENT EXECUTE FUNCTION nv_refuse_truncate('task_assignments');
--> statement-breakpoint
CREATE TRIGGER units_id_fixed BEFORE UPDATE OF id ON units
  FOR EACH ROW WHEN (OLD.id IS DISTINCT FROM NEW.id) EXECUTE FUNCTION nv_refuse_change('id');
--> statement-breakpoint
CREATE TRIGGER units_restrict AFTER DELETE ON units REFERENCING OLD TABLE AS nv_old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION nv_restrict_delete('task_assignments', 'unit_id', 'task_assignments_unit_ref');
--> statement-breakpoint
CREATE TRIGGER units_truncate AFTER TRUNCATE ON units
  FOR EACH STATEMENT EXECUTE FUNCTION nv_refuse_truncate('task_assignments');
--> statement-breakpoint
UPDATE "tasks" SET "proposal_status" = 'pending' WHERE "is_proposal" AND "proposal_status" IS NULL;
