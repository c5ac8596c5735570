-- Publishing speed (issue #10, goal 6); each part is explained where it starts. The index statements just below:
-- every published item entered both due_items_state_due_idx (state, due_date) and the partial
-- due_items_open_due_idx (due_date, id) of migration 0020, kept for the dashboard's oldest overdue items. One index
-- (state, due_date, id) serves both: the dashboard reads it with one ordered scan per chased state, merged
-- (src/db/web-store.ts), and every query that used (state, due_date) uses its prefix. due_items_done_by_idx holds
-- only rows naming a reporter, so publishing never writes it.
ALTER TABLE "due_items" DROP CONSTRAINT "due_items_done_by_person_id_people_id_fk";
--> statement-breakpoint
DROP INDEX "due_items_open_due_idx";--> statement-breakpoint
DROP INDEX "due_items_state_due_idx";--> statement-breakpoint
CREATE INDEX "due_items_done_by_idx" ON "due_items" USING btree ("done_by_person_id") WHERE done_by_person_id is not null;--> statement-breakpoint
CREATE INDEX "due_items_state_due_idx" ON "due_items" USING btree ("state","due_date","id");--> statement-breakpoint
-- Two more costs paid for every inserted due item go:
--
-- 1. due_items.done_by_person_id → people(id) ON DELETE SET NULL is enforced by triggers instead of the declared
--    key above. PostgreSQL queues the key's check for every inserted row, even when the column is null (it always
--    is at publication). The row trigger below has a WHEN clause, evaluated before anything is queued, so only rows
--    naming a person are checked. The guarantees are those of the key (tests/integration/references.test.ts): a
--    missing person fails with SQLSTATE 23503; the person is locked FOR KEY SHARE until commit (a concurrent delete
--    waits, then clears the reference); deleting people sets their items' reporter to null; a person's id never
--    changes while items name it; TRUNCATE of people alone is refused while due items exist.
CREATE FUNCTION nv_check_done_by() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM 1 FROM people p WHERE p.id = NEW.done_by_person_id FOR KEY SHARE OF p;
  IF NOT FOUND THEN
    RAISE EXCEPTION 'insert or update on table "due_items" violates reference "due_items_done_by_ref"'
      USING ERRCODE = 'foreign_key_violation', TABLE = 'due_items', CONSTRAINT = 'due_items_done_by_ref',
            DETAIL = format('Key (done_by_person_id)=(%s) is not present in table "people".', NEW.done_by_person_id);
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER due_items_done_by_ref AFTER INSERT OR UPDATE OF done_by_person_id ON due_items
  FOR EACH ROW WHEN (NEW.done_by_person_id IS NOT NULL) EXECUTE FUNCTION nv_check_done_by();
--> statement-breakpoint
CREATE FUNCTION nv_people_deleted_done_by() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE due_items d SET done_by_person_id = NULL FROM nv_old_rows o WHERE d.done_by_person_id = o.id;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER people_done_by_set_null AFTER DELETE ON people REFERENCING OLD TABLE AS nv_old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION nv_people_deleted_done_by();
--> statement-breakpoint
CREATE FUNCTION nv_people_id_fixed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF EXISTS (SELECT 1 FROM due_items d WHERE d.done_by_person_id = OLD.id) THEN
    RAISE EXCEPTION 'update on table "people" violates reference "due_items_done_by_ref" on table "due_items"'
      USING ERRCODE = 'foreign_key_violation', TABLE = 'due_items', CONSTRAINT = 'due_items_done_by_ref',
            DETAIL = format('Key (id)=(%s) is still referenced from table "due_items".', OLD.id);
  END IF;
  RETURN NEW;
END $$;
--> statement-breakpoint
CREATE TRIGGER people_id_fixed BEFORE UPDATE OF id ON people
  FOR EACH ROW WHEN (OLD.id IS DISTINCT FROM NEW.id) EXECUTE FUNCTION nv_people_id_fixed();
--> statement-breakpoint
CREATE TRIGGER people_truncate AFTER TRUNCATE ON people
  FOR EACH STATEMENT EXECUTE FUNCTION nv_refuse_truncate('due_items');
--> statement-breakpoint
-- 2. The dashboard counts of inserted items (migration 0018) in one statement: the new rows grouped by plan, unit
--    and month and added with one upsert, instead of grouped into arrays, unnested and grouped again
--    (nv_dashboard_apply). Deletes and updates are unchanged.
CREATE OR REPLACE FUNCTION nv_dashboard_items() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE p int[]; u int[]; m date[]; k smallint[]; s int[];
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO dashboard_counts AS c (plan_id, unit_id, month, done, done_late, open)
    SELECT x.plan_id, x.unit_id, x.month,
           count(*) FILTER (WHERE x.kind = 0), count(*) FILTER (WHERE x.kind = 1), count(*) FILTER (WHERE x.kind = 2)
    FROM (
      SELECT t.plan_id, a.unit_id, date_trunc('month', n.due_date)::date AS month,
             nv_dashboard_kind(n.state, n.done_at, n.due_at) AS kind
      FROM nv_new_rows n JOIN task_assignments a ON a.id = n.assignment_id JOIN tasks t ON t.id = a.task_id
      WHERE n.due_date IS NOT NULL AND n.state NOT IN ('waiting', 'waived')
    ) x
    GROUP BY x.plan_id, x.unit_id, x.month
    ON CONFLICT (plan_id, month, unit_id) DO UPDATE
      SET done = c.done + excluded.done, done_late = c.done_late + excluded.done_late, open = c.open + excluded.open;
    RETURN NULL;
  ELSIF TG_OP = 'DELETE' THEN
    SELECT array_agg(g.plan_id), array_agg(g.unit_id), array_agg(g.month), array_agg(g.kind), array_agg(g.sgn) INTO p, u, m, k, s
    FROM (SELECT x.plan_id, x.unit_id, x.month, x.kind, sum(x.sgn)::int AS sgn FROM (
      SELECT t.plan_id, a.unit_id, date_trunc('month', o.due_date)::date AS month,
             nv_dashboard_kind(o.state, o.done_at, o.due_at) AS kind, -1 AS sgn
      FROM nv_old_rows o JOIN task_assignments a ON a.id = o.assignment_id JOIN tasks t ON t.id = a.task_id
      WHERE o.due_date IS NOT NULL AND o.state NOT IN ('waiting', 'waived')
    ) x GROUP BY 1, 2, 3, 4) g;
  ELSE
    -- Only the rows whose counted facts changed (a replan rewrites fingerprints of thousands of rows).
    SELECT array_agg(g.plan_id), array_agg(g.unit_id), array_agg(g.month), array_agg(g.kind), array_agg(g.sgn) INTO p, u, m, k, s
    FROM (SELECT x.plan_id, x.unit_id, x.month, x.kind, sum(x.sgn)::int AS sgn FROM (
      WITH changed AS (
        SELECT o.assignment_id,
               o.due_date AS o_due, o.state AS o_state, o.done_at AS o_done, o.due_at AS o_at,
               n.due_date AS n_due, n.state AS n_state, n.done_at AS n_done, n.due_at AS n_at
        FROM nv_old_rows o JOIN nv_new_rows n ON n.id = o.id
        WHERE (o.due_date, o.state, o.done_at, o.due_at) IS DISTINCT FROM (n.due_date, n.state, n.done_at, n.due_at)
      )
      SELECT t.plan_id, a.unit_id, date_trunc('month', c.o_due)::date AS month,
             nv_dashboard_kind(c.o_state, c.o_done, c.o_at) AS kind, -1 AS sgn
      FROM changed c JOIN task_assignments a ON a.id = c.assignment_id JOIN tasks t ON t.id = a.task_id
      WHERE c.o_due IS NOT NULL AND c.o_state NOT IN ('waiting', 'waived')
      UNION ALL
      SELECT t.plan_id, a.unit_id, date_trunc('month', c.n_due)::date,
             nv_dashboard_kind(c.n_state, c.n_done, c.n_at), 1
      FROM changed c JOIN task_assignments a ON a.id = c.assignment_id JOIN tasks t ON t.id = a.task_id
      WHERE c.n_due IS NOT NULL AND c.n_state NOT IN ('waiting', 'waived')
    ) x GROUP BY 1, 2, 3, 4) g;
  END IF;
  PERFORM nv_dashboard_apply(p, u, m, k, s);
  RETURN NULL;
END $$;
