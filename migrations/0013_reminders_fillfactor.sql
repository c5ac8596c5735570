-- Issue #10, goal 6: leave room in each page of `reminders` so that marking a row enqueued (`enqueued_at`, not
-- indexed) is a HOT update: the new row version stays on its page and none of the table's five indexes is
-- touched. At fillfactor 100 almost every such update moved the row and updated every index (bench:db).
-- Applies to pages written from now on; existing pages fill up as they are (no rewrite is needed).
ALTER TABLE "reminders" SET (fillfactor = 70);
