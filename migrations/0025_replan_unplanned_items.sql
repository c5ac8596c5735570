-- Publishing speed (issue #10, goal 6): a new due item is no longer marked in replan_items. The reminder planner
-- finds the items never planned by their missing plan fingerprint (src/db/reminder-store.ts, dueItemsToPlan), in
-- this partial index; planning stores the fingerprint, which takes the item out of it. The mark written for every
-- inserted item (migrations 0010 and 0016: a statement trigger inserting one replan_items row per new item, its
-- primary key and its transition-table scan) was about a sixth of a publication's server time; an entry appended to
-- this index costs a fraction of it. Marks of changed items (a revision bump, a recipient change) stay as they were.
-- Marks already written for new items still work: such an item is planned once, through its mark. An existing item
-- without a fingerprint and without a mark (none is left so by the planner, which always stores one) is planned by
-- the next replan, which writes only the differences from its rows.
CREATE INDEX "due_items_unplanned_idx" ON "due_items" USING btree ("id") WHERE plan_fingerprint is null;--> statement-breakpoint
DROP TRIGGER "due_items_replan_insert" ON "due_items";--> statement-breakpoint
DROP FUNCTION nv_mark_new_due_items();
