/**
 * A small province in the database for reminder-pipeline tests: two units with focal points, a head, a
 * coordinator and a leader, each with a private chat; a published plan with tasks and due items.
 */
import type { Sql } from '../../src/db/client.js';

export interface Province {
  province: string;
  units: { a: number; b: number; snv: number };
  chats: { focalA: string; headA: string; focalB: string; coordinator: string; leader: string };
  persons: { focalA: number; headA: number; focalB: number; coordinator: number; leader: number };
}

let seq = 0;

export async function seedProvince(sql: Sql, base = 100_000 + Math.floor(Math.random() * 1_000_000) * 10): Promise<Province> {
  const province = `test-${++seq}-${base}`;
  const unit = async (code: string, name: string, kind: string) =>
    (await sql<{ id: number }[]>`insert into units (province, code, name, kind) values (${province}, ${code}, ${name}, ${kind}::unit_kind) returning id`)[0]!.id;
  const units = { a: await unit('so-a', 'Sở A', 'department'), b: await unit('so-b', 'Sở B', 'department'), snv: await unit('so-noi-vu', 'Sở Nội vụ', 'department') };
  const person = async (name: string, chatId: number, unitId: number, role: string) => {
    const [p] = await sql<{ id: number }[]>`insert into people (name, telegram_user_id) values (${name}, ${chatId}) returning id`;
    await sql`insert into chats (telegram_chat_id, kind, person_id) values (${chatId}, 'private', ${p!.id})`;
    await sql`insert into memberships (person_id, unit_id, role) values (${p!.id}, ${unitId}, ${role}::member_role)`;
    return { id: p!.id, chat: String(chatId) };
  };
  const focalA = await person('Đầu mối A', base + 1, units.a, 'focal');
  const headA = await person('Giám đốc A', base + 2, units.a, 'head');
  const focalB = await person('Đầu mối B', base + 3, units.b, 'focal');
  const coordinator = await person('Chuyên viên SNV', base + 4, units.snv, 'coordinator');
  const leader = await person('Lãnh đạo UBND', base + 5, units.snv, 'leader');
  return {
    province,
    units,
    chats: { focalA: focalA.chat, headA: headA.chat, focalB: focalB.chat, coordinator: coordinator.chat, leader: leader.chat },
    persons: { focalA: focalA.id, headA: headA.id, focalB: focalB.id, coordinator: coordinator.id, leader: leader.id },
  };
}

export interface ItemSpec {
  unitId: number;
  role?: 'lead' | 'support';
  dueDate: string | null;
  state?: string;
  occurrenceKey?: string;
  taskNumber?: string;
  /** Items with the same task key share a task (lead + support). */
  task?: string;
}

/** A published plan with one task per distinct `task` key; returns due item ids in spec order. */
export async function seedPlan(sql: Sql, p: Province, items: ItemSpec[], status: 'published' | 'draft' = 'published'): Promise<number[]> {
  const [plan] = await sql<{ id: number }[]>`
    insert into plans (province, title, period_start_year, period_end_year, status, version)
    values (${p.province}, 'Kế hoạch CCHC năm 2024 (thử nghiệm)', 2024, 2024, ${status}::plan_status, ${++seq}) returning id`;
  const tasks = new Map<string, number>();
  const ids: number[] = [];
  let position = 0;
  for (const [i, spec] of items.entries()) {
    const key = spec.task ?? `t${i}`;
    let taskId = tasks.get(key);
    if (taskId === undefined) {
      const [t] = await sql<{ id: number }[]>`
        insert into tasks (plan_id, number, position, title, deadline_text)
        values (${plan!.id}, ${spec.taskNumber ?? String(position + 1)}, ${position++}, ${`Nhiệm vụ thử nghiệm ${key}`}, 'Quý I/2024') returning id`;
      taskId = t!.id;
      tasks.set(key, taskId);
    }
    const [a] = await sql<{ id: number }[]>`
      insert into task_assignments (task_id, unit_id, role) values (${taskId}, ${spec.unitId}, ${spec.role ?? 'lead'}::assignment_role)
      on conflict (task_id, unit_id, role) do update set role = excluded.role returning id`;
    const [d] = await sql<{ id: string }[]>`
      insert into due_items (assignment_id, occurrence_key, occurrence_label, due_date, nominal_due, state)
      values (${a!.id}, ${spec.occurrenceKey ?? 'occ'}, 'Quý I/2024', ${spec.dueDate}, ${spec.dueDate}, ${(spec.state ?? 'open')}::due_state)
      returning id`;
    ids.push(Number(d!.id));
  }
  return ids;
}

/**
 * Leaves these items to the test: the reminder planner will not plan them (their reminder rows are the test's).
 * An item waits to be planned while it is marked (`replan_items`) or has no plan fingerprint (never planned, as a
 * new item): the marks go and a stand-in fingerprint is stored. A recipient change of their unit still plans them,
 * as it plans any item whose fingerprint differs.
 */
export async function leaveUnplanned(sql: Sql, dueItemIds: readonly number[]): Promise<void> {
  await sql`
    with m as (delete from replan_items where due_item_id = any(${dueItemIds as number[]}::bigint[]))
    update due_items set plan_fingerprint = 'test:unplanned' where id = any(${dueItemIds as number[]}::bigint[])`;
}
