ALTER TABLE "tasks" ADD COLUMN "deadline_choice" jsonb;
