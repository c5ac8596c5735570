-- Publishing speed (issue #10, goal 6): a new due item's replan mark is a plain insert. Its id is new from
-- due_items_id_seq, and every mark belongs to an existing item (marks are written from due_items rows and leave
-- with their item: due_items_replan_delete, due_items_replan_truncate), so no mark can hold a new item's id and
-- the ON CONFLICT of migration 0010, whose speculative insertion cost about a tenth of a publication's write
-- time, never fired. Should a mark ever collide, the insert fails and the publication rolls back. The revision
-- trigger (an existing item's change) keeps its upsert.
CREATE OR REPLACE FUNCTION nv_mark_new_due_items() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO replan_items (due_item_id, revision) SELECT n.id, n.revision FROM nv_new_rows n;
  RETURN NULL;
END $$;
