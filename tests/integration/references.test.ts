/**
 * The references enforced by triggers instead of declared foreign keys: per statement (migration 0007)
 * due_items → task_assignments (cascade), task_assignments → tasks (cascade), task_assignments → units (restrict);
 * per row naming a person (migration 0022) due_items.done_by_person_id → people (set null).
 * Each guarantee of the keys they replace is checked here against a real PostgreSQL, including the lock that makes a
 * concurrent delete wait for an inserting transaction.
 */
import postgres from 'postgres';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../helpers/db.js';
import { eventually } from '../helpers/reminder-harness.js';

let db: TestDatabase;
let unitId: number;
let taskId: number;
let assignmentId: number;

async function pgError(p: Promise<unknown>): Promise<{ code: string; message: string; detail?: string }> {
  try {
    await p;
  } catch (err) {
    return err as { code: string; message: string; detail?: string };
  }
  throw new Error('expected the statement to fail');
}

beforeAll(async () => {
  db = await createTestDatabase('references');
});
afterAll(async () => {
  await db?.drop();
});

beforeEach(async () => {
  const sql = db.sql;
  await sql`truncate reminders, due_items, task_assignments, tasks, plans, units cascade`;
  [{ id: unitId }] = (await sql`insert into units (province, code, name, kind) values ('x', 'so-a', 'Sở A', 'department') returning id`) as unknown as [{ id: number }];
  const [plan] = await sql<{ id: number }[]>`
    insert into plans (province, period_start_year, period_end_year, status, version, title)
    values ('x', 2024, 2024, 'draft', 1, 'Kế hoạch') returning id`;
  [{ id: taskId }] = (await sql`insert into tasks (plan_id, number, position, title) values (${plan!.id}, '1', 1, 'Việc') returning id`) as unknown as [{ id: number }];
  [{ id: assignmentId }] = (await sql`insert into task_assignments (task_id, unit_id, role) values (${taskId}, ${unitId}, 'lead') returning id`) as unknown as [{ id: number }];
});

const dueCount = async () => (await db.sql<{ n: number }[]>`select count(*)::int as n from due_items`)[0]!.n;

describe('due_items → task_assignments', () => {
  it('refuses an insert naming a missing assignment (23503, the whole statement)', async () => {
    const e = await pgError(db.sql`
      insert into due_items (assignment_id, occurrence_key, occurrence_label)
      values (${assignmentId}, 'a', 'a'), (${assignmentId + 1000}, 'b', 'b')`);
    expect(e.code).toBe('23503');
    expect(e.detail).toContain(`(assignment_id)=(${assignmentId + 1000})`);
    expect(await dueCount()).toBe(0);
  });

  it('accepts rows whose assignment exists', async () => {
    await db.sql`insert into due_items (assignment_id, occurrence_key, occurrence_label) values (${assignmentId}, 'a', 'a'), (${assignmentId}, 'b', 'b')`;
    expect(await dueCount()).toBe(2);
  });

  it('deleting an assignment deletes its due items and, through them, their reminders', async () => {
    const [d] = await db.sql<{ id: number }[]>`insert into due_items (assignment_id, occurrence_key, occurrence_label) values (${assignmentId}, 'a', 'a') returning id`;
    await db.sql`insert into reminders (due_item_id, kind, step, recipient_chat_id, dedupe_key, planned_at) values (${d!.id}, 'reminder', 'd-1', 1, 'k', now())`;
    await db.sql`delete from task_assignments where id = ${assignmentId}`;
    expect(await dueCount()).toBe(0);
    expect((await db.sql`select 1 from reminders`).length).toBe(0);
  });

  it('never moves a due item to another assignment', async () => {
    await db.sql`insert into due_items (assignment_id, occurrence_key, occurrence_label) values (${assignmentId}, 'a', 'a')`;
    const [other] = await db.sql<{ id: number }[]>`insert into task_assignments (task_id, unit_id, role) values (${taskId}, ${unitId}, 'support') returning id`;
    expect((await pgError(db.sql`update due_items set assignment_id = ${other!.id}`)).code).toBe('23503');
    // Other columns still update.
    await db.sql`update due_items set state = 'done'`;
  });

  it('refuses TRUNCATE task_assignments alone while due items exist, allows both together', async () => {
    await db.sql`insert into due_items (assignment_id, occurrence_key, occurrence_label) values (${assignmentId}, 'a', 'a')`;
    expect((await pgError(db.sql`truncate task_assignments`)).message).toMatch(/cannot truncate "task_assignments"/);
    expect(await dueCount()).toBe(1);
    await db.sql`truncate task_assignments, due_items cascade`;
    expect(await dueCount()).toBe(0);
  });

  it('a concurrent delete of the assignment waits for the inserting transaction, then removes its rows', async () => {
    const other = postgres(db.url, { max: 1, onnotice: () => {} });
    try {
      let deleted = false;
      let deletion: Promise<unknown> | undefined;
      const [{ pid }] = await other<{ pid: number }[]>`select pg_backend_pid() as pid`;
      await db.sql.begin(async (tx) => {
        await tx`insert into due_items (assignment_id, occurrence_key, occurrence_label) values (${assignmentId}, 'a', 'a')`;
        deletion = other`delete from task_assignments where id = ${assignmentId}`.then(() => (deleted = true));
        // The DELETE is seen waiting for a lock (pg_locks is read live, not from a per-transaction snapshot).
        await eventually(
          async () => (await tx<{ n: number }[]>`select count(*)::int as n from pg_locks where pid = ${pid} and not granted`)[0]!.n > 0,
          20_000,
          'the DELETE waiting on a lock',
        );
        // The FOR KEY SHARE lock taken by the insert's check holds the DELETE back until commit.
        expect(deleted).toBe(false);
      });
      await deletion;
      expect(deleted).toBe(true);
      expect(await dueCount()).toBe(0);
    } finally {
      await other.end();
    }
  });
});

describe('task_assignments → tasks and units', () => {
  it('refuses an assignment to a missing task or unit', async () => {
    expect((await pgError(db.sql`insert into task_assignments (task_id, unit_id, role) values (${taskId + 1000}, ${unitId}, 'support')`)).code).toBe('23503');
    expect((await pgError(db.sql`insert into task_assignments (task_id, unit_id, role) values (${taskId}, ${unitId + 1000}, 'support')`)).code).toBe('23503');
  });

  it('deleting a task (or its plan) deletes its assignments and their due items', async () => {
    await db.sql`insert into due_items (assignment_id, occurrence_key, occurrence_label) values (${assignmentId}, 'a', 'a')`;
    await db.sql`delete from plans`;
    expect((await db.sql`select 1 from task_assignments`).length).toBe(0);
    expect(await dueCount()).toBe(0);
  });

  it('refuses deleting a unit that has assignments (restrict), allows it once they are gone', async () => {
    const e = await pgError(db.sql`delete from units where id = ${unitId}`);
    expect(e.code).toBe('23503');
    expect((await db.sql`select 1 from units`).length).toBe(1);
    await db.sql`delete from task_assignments`;
    await db.sql`delete from units where id = ${unitId}`;
    expect((await db.sql`select 1 from units`).length).toBe(0);
  });

  it('ids and references of an assignment never change', async () => {
    expect((await pgError(db.sql`update task_assignments set task_id = ${taskId + 1}`)).code).toBe('23503');
    expect((await pgError(db.sql`update tasks set id = id + 1000`)).code).toBe('23503');
    expect((await pgError(db.sql`update units set id = id + 1000`)).code).toBe('23503');
    await db.sql`update task_assignments set role = 'support'`;
  });

  it('refuses TRUNCATE of tasks or units alone while assignments exist', async () => {
    expect((await pgError(db.sql`truncate tasks cascade`)).message).toMatch(/cannot truncate "tasks"/);
    expect((await pgError(db.sql`truncate units cascade`)).message).toMatch(/cannot truncate "units"/);
  });
});

describe('due_items.done_by_person_id → people', () => {
  const person = async (name: string) => (await db.sql<{ id: number }[]>`insert into people (name) values (${name}) returning id`)[0]!.id;
  const item = async () =>
    (await db.sql<{ id: number }[]>`insert into due_items (assignment_id, occurrence_key, occurrence_label) values (${assignmentId}, 'a', 'a') returning id`)[0]!.id;
  const reporter = async (id: number) => (await db.sql<{ p: number | null }[]>`select done_by_person_id as p from due_items where id = ${id}`)[0]!.p;

  it('refuses a completion or an insert naming a missing person (23503); accepts an existing one and null', async () => {
    const id = await item();
    const p = await person('Chị Lan');
    const e = await pgError(db.sql`update due_items set state = 'done', done_at = now(), done_by_person_id = ${p + 1000} where id = ${id}`);
    expect(e.code).toBe('23503');
    expect(e.detail).toContain(`(done_by_person_id)=(${p + 1000})`);
    expect(await reporter(id)).toBeNull();
    expect((await pgError(db.sql`insert into due_items (assignment_id, occurrence_key, occurrence_label, done_by_person_id) values (${assignmentId}, 'b', 'b', ${p + 1000})`)).code).toBe('23503');
    await db.sql`update due_items set state = 'done', done_at = now(), done_by_person_id = ${p} where id = ${id}`;
    expect(await reporter(id)).toBe(p);
    await db.sql`update due_items set done_by_person_id = null where id = ${id}`;
    expect(await reporter(id)).toBeNull();
  });

  it('deleting a person clears their completions (set null), and only theirs', async () => {
    const [a, b] = [await item(), (await db.sql<{ id: number }[]>`insert into due_items (assignment_id, occurrence_key, occurrence_label) values (${assignmentId}, 'b', 'b') returning id`)[0]!.id];
    const [pa, pb] = [await person('A'), await person('B')];
    await db.sql`update due_items set done_by_person_id = case id when ${a} then ${pa}::int else ${pb}::int end`;
    await db.sql`delete from people where id = ${pa}`;
    expect(await reporter(a)).toBeNull();
    expect(await reporter(b)).toBe(pb);
  });

  it('a concurrent delete of the person waits for the completing transaction, then clears the reference', async () => {
    const id = await item();
    const p = await person('C');
    const other = postgres(db.url, { max: 1, onnotice: () => {} });
    try {
      let deleted = false;
      let deletion: Promise<unknown> | undefined;
      const [{ pid }] = await other<{ pid: number }[]>`select pg_backend_pid() as pid`;
      await db.sql.begin(async (tx) => {
        await tx`update due_items set state = 'done', done_at = now(), done_by_person_id = ${p} where id = ${id}`;
        deletion = other`delete from people where id = ${p}`.then(() => (deleted = true));
        await eventually(
          async () => (await tx<{ n: number }[]>`select count(*)::int as n from pg_locks where pid = ${pid} and not granted`)[0]!.n > 0,
          20_000,
          'the DELETE waiting on a lock',
        );
        expect(deleted).toBe(false);
      });
      await deletion;
      expect(deleted).toBe(true);
      expect(await reporter(id)).toBeNull();
      expect((await db.sql<{ state: string }[]>`select state::text as state from due_items where id = ${id}`)[0]!.state).toBe('done');
    } finally {
      await other.end();
    }
  });

  it("a referenced person's id never changes; an unreferenced one's may", async () => {
    const id = await item();
    const [p, q] = [await person('D'), await person('E')];
    await db.sql`update due_items set done_by_person_id = ${p} where id = ${id}`;
    expect((await pgError(db.sql`update people set id = id + 1000 where id = ${p}`)).code).toBe('23503');
    await db.sql`update people set id = id + 1000 where id = ${q}`;
    await db.sql`update people set name = 'Đ' where id = ${p}`;
  });

  it('refuses TRUNCATE people alone while due items exist, allows both together', async () => {
    await item();
    expect((await pgError(db.sql`truncate people cascade`)).message).toMatch(/cannot truncate "people"/);
    await db.sql`truncate people, due_items cascade`;
    expect(await dueCount()).toBe(0);
  });
});
