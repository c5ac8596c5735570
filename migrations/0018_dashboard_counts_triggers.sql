-- The web dashboard's pre-aggregated counts (issue #13 §5; src/db/schema.ts, dashboard_counts): per plan, unit and
-- due month, the dated items (not waiting, not waived) done by the end of their due day, done late, and open.
-- Only clock-independent facts are counted; the dashboard decides overdue / due soon / on track at read time.
--
-- Maintained by statement-level triggers with transition tables (publishing inserts 10^5 items in a statement):
-- * due_items: INSERT adds, DELETE subtracts, UPDATE moves the rows whose month, unit or kind changed.
-- * task_assignments and tasks: deleting them cascades by statement triggers (migration 0007) — tasks →
--   task_assignments → due_items — and once a parent row is gone its items can no longer be placed in a plan and
--   unit. So each level subtracts its items itself, from a trigger named to fire before its `*_cascade` trigger
--   (same event and timing fire in name order), while the items are still there; the levels below then find no
--   parent and subtract nothing, so nothing is counted twice.
-- * plans: deleting a plan deletes its counts.
-- A plan's task never moves to another plan (refused below); assignments and items never change their references
-- (migration 0007).

CREATE FUNCTION nv_dashboard_kind(state due_state, done_at timestamptz, due_at timestamptz) RETURNS smallint
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT CASE
    WHEN state IN ('done', 'pending_approval') AND done_at IS NOT NULL AND due_at IS NOT NULL AND done_at > due_at THEN 1
    WHEN state IN ('done', 'pending_approval') THEN 0
    ELSE 2
  END::smallint
$$;
--> statement-breakpoint
-- Adds signed counts, one element per (plan, unit, month, kind), to the buckets.
CREATE FUNCTION nv_dashboard_apply(p int[], u int[], m date[], k smallint[], s int[]) RETURNS void
LANGUAGE sql AS $$
  INSERT INTO dashboard_counts AS c (plan_id, unit_id, month, done, done_late, open)
  SELECT plan_id, unit_id, month,
         coalesce(sum(sgn) FILTER (WHERE kind = 0), 0), coalesce(sum(sgn) FILTER (WHERE kind = 1), 0),
         coalesce(sum(sgn) FILTER (WHERE kind = 2), 0)
  FROM unnest(p, u, m, k, s) AS x(plan_id, unit_id, month, kind, sgn)
  -- A plan being deleted: its counts are deleted with it, whichever of the cascade's triggers fires first.
  WHERE sgn <> 0 AND EXISTS (SELECT 1 FROM plans pl WHERE pl.id = x.plan_id)
  GROUP BY plan_id, unit_id, month
  ON CONFLICT (plan_id, month, unit_id) DO UPDATE
    SET done = c.done + excluded.done, done_late = c.done_late + excluded.done_late, open = c.open + excluded.open
$$;
--> statement-breakpoint
CREATE FUNCTION nv_dashboard_items() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE p int[]; u int[]; m date[]; k smallint[]; s int[];
BEGIN
  IF TG_OP = 'INSERT' THEN
    SELECT array_agg(g.plan_id), array_agg(g.unit_id), array_agg(g.month), array_agg(g.kind), array_agg(g.sgn) INTO p, u, m, k, s
    FROM (SELECT x.plan_id, x.unit_id, x.month, x.kind, sum(x.sgn)::int AS sgn FROM (
      SELECT t.plan_id, a.unit_id, date_trunc('month', n.due_date)::date AS month,
             nv_dashboard_kind(n.state, n.done_at, n.due_at) AS kind, 1 AS sgn
      FROM nv_new_rows n JOIN task_assignments a ON a.id = n.assignment_id JOIN tasks t ON t.id = a.task_id
      WHERE n.due_date IS NOT NULL AND n.state NOT IN ('waiting', 'waived')
    ) x GROUP BY 1, 2, 3, 4) g;
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
--> statement-breakpoint
CREATE TRIGGER due_items_dashboard_ins AFTER INSERT ON due_items REFERENCING NEW TABLE AS nv_new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION nv_dashboard_items();
--> statement-breakpoint
CREATE TRIGGER due_items_dashboard_del AFTER DELETE ON due_items REFERENCING OLD TABLE AS nv_old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION nv_dashboard_items();
--> statement-breakpoint
CREATE TRIGGER due_items_dashboard_upd AFTER UPDATE ON due_items REFERENCING OLD TABLE AS nv_old_rows NEW TABLE AS nv_new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION nv_dashboard_items();
--> statement-breakpoint
CREATE FUNCTION nv_dashboard_assignments_deleted() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE p int[]; u int[]; m date[]; k smallint[]; s int[];
BEGIN
  SELECT array_agg(g.plan_id), array_agg(g.unit_id), array_agg(g.month), array_agg(g.kind), array_agg(g.sgn) INTO p, u, m, k, s
    FROM (SELECT x.plan_id, x.unit_id, x.month, x.kind, sum(x.sgn)::int AS sgn FROM (
    SELECT t.plan_id, a.unit_id, date_trunc('month', d.due_date)::date AS month,
           nv_dashboard_kind(d.state, d.done_at, d.due_at) AS kind, -1 AS sgn
    FROM nv_old_rows a JOIN tasks t ON t.id = a.task_id JOIN due_items d ON d.assignment_id = a.id
    WHERE d.due_date IS NOT NULL AND d.state NOT IN ('waiting', 'waived')
  ) x GROUP BY 1, 2, 3, 4) g;
  PERFORM nv_dashboard_apply(p, u, m, k, s);
  RETURN NULL;
END $$;
--> statement-breakpoint
-- "task_assignments_a_…" fires before "task_assignments_cascade" (migration 0007), while the items exist.
CREATE TRIGGER task_assignments_a_dashboard AFTER DELETE ON task_assignments REFERENCING OLD TABLE AS nv_old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION nv_dashboard_assignments_deleted();
--> statement-breakpoint
CREATE FUNCTION nv_dashboard_tasks_deleted() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE p int[]; u int[]; m date[]; k smallint[]; s int[];
BEGIN
  SELECT array_agg(g.plan_id), array_agg(g.unit_id), array_agg(g.month), array_agg(g.kind), array_agg(g.sgn) INTO p, u, m, k, s
    FROM (SELECT x.plan_id, x.unit_id, x.month, x.kind, sum(x.sgn)::int AS sgn FROM (
    SELECT t.plan_id, a.unit_id, date_trunc('month', d.due_date)::date AS month,
           nv_dashboard_kind(d.state, d.done_at, d.due_at) AS kind, -1 AS sgn
    FROM nv_old_rows t JOIN task_assignments a ON a.task_id = t.id JOIN due_items d ON d.assignment_id = a.id
    WHERE d.due_date IS NOT NULL AND d.state NOT IN ('waiting', 'waived')
  ) x GROUP BY 1, 2, 3, 4) g;
  PERFORM nv_dashboard_apply(p, u, m, k, s);
  RETURN NULL;
END $$;
--> statement-breakpoint
-- "tasks_a_…" fires before "tasks_cascade" (migration 0007), while the assignments and items exist.
CREATE TRIGGER tasks_a_dashboard AFTER DELETE ON tasks REFERENCING OLD TABLE AS nv_old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION nv_dashboard_tasks_deleted();
--> statement-breakpoint
CREATE TRIGGER tasks_plan_fixed BEFORE UPDATE OF plan_id ON tasks
  FOR EACH ROW WHEN (OLD.plan_id IS DISTINCT FROM NEW.plan_id) EXECUTE FUNCTION nv_refuse_change('plan_id');
--> statement-breakpoint
CREATE FUNCTION nv_dashboard_plans_deleted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM dashboard_counts c USING nv_old_rows p WHERE c.plan_id = p.id;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER plans_dashboard AFTER DELETE ON plans REFERENCING OLD TABLE AS nv_old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION nv_dashboard_plans_deleted();
--> statement-breakpoint
-- The counts of the items already there.
INSERT INTO dashboard_counts (plan_id, unit_id, month, done, done_late, open)
SELECT t.plan_id, a.unit_id, date_trunc('month', d.due_date)::date,
       count(*) FILTER (WHERE nv_dashboard_kind(d.state, d.done_at, d.due_at) = 0),
       count(*) FILTER (WHERE nv_dashboard_kind(d.state, d.done_at, d.due_at) = 1),
       count(*) FILTER (WHERE nv_dashboard_kind(d.state, d.done_at, d.due_at) = 2)
FROM due_items d JOIN task_assignments a ON a.id = d.assignment_id JOIN tasks t ON t.id = a.task_id
WHERE d.due_date IS NOT NULL AND d.state NOT IN ('waiting', 'waived')
GROUP BY 1, 2, 3;
