/**
 * PostgreSQL implementation of the ports of the console's pages (src/app/web: approvals history, item audit trail
 * and evidence, calendar, units directory, events), on postgres.js.
 */
import type { Sql } from 'postgres';
import type { ApprovalHistoryEntry, ApprovalHistoryStore } from '../app/web/approvals.js';
import { taskLabel } from '../domain/format/task-label.js';
import type { CalendarEntry, CalendarStore } from '../app/web/calendar.js';
import type { RecordedEvent, RecordedEventStore } from '../app/web/events.js';
import type { ItemAuditEntry, ItemEvidenceFile, ItemHistoryStore } from '../app/web/items.js';

const DECISIONS = ['item.approve', 'item.reject', 'extension.approve', 'extension.reject', 'extension.counter'];

export class PostgresWebPagesStore implements ApprovalHistoryStore, ItemHistoryStore, RecordedEventStore, CalendarStore {
  constructor(private readonly sql: Sql) {}

  async calendarEntries(province: string, from: string, to: string, unitId: number | undefined): Promise<CalendarEntry[]> {
    const rows = await this.sql<{ due_date: string; task_key: string | null; task_number: string; task_title: string; items: number; done: number; one_id: string | null }[]>`
      select to_char(d.due_date, 'YYYY-MM-DD') as due_date, t.key as task_key, t.number as task_number, t.title as task_title,
             count(*)::int as items, count(*) filter (where d.state = 'done')::int as done,
             case when count(*) = 1 then min(d.id) end as one_id
      from due_items d
      join task_assignments a on a.id = d.assignment_id
      join tasks t on t.id = a.task_id
      join plans p on p.id = t.plan_id
      join units u on u.id = a.unit_id
      where p.status = 'published' and u.province = ${province} and d.state <> 'waived'
        and d.due_date between ${from}::date and ${to}::date
        ${unitId === undefined ? this.sql`` : this.sql`and a.unit_id = ${unitId}`}
      group by d.due_date, t.id
      order by d.due_date, t.id`;
    return rows.map((r) => ({
      dueDate: r.due_date,
      taskLabel: taskLabel({ key: r.task_key, number: r.task_number }),
      taskTitle: r.task_title,
      items: r.items,
      done: r.done,
      dueItemId: r.one_id === null ? null : Number(r.one_id),
    }));
  }

  async unitsWithItems(province: string): Promise<{ id: number; name: string }[]> {
    return this.sql<{ id: number; name: string }[]>`
      select u.id, u.name from units u
      where u.province = ${province} and exists (select 1 from task_assignments a where a.unit_id = u.id)
      order by u.name`;
  }

  async recentEvents(province: string, limit: number): Promise<RecordedEvent[]> {
    return this.sql<RecordedEvent[]>`
      select id, type, to_char(date, 'YYYY-MM-DD') as date, reference, recorded_by as "recordedBy", created_at as "createdAt"
      from events where province = ${province} order by date desc, id desc limit ${limit}`;
  }

  async unitNames(ids: readonly number[]): Promise<Map<number, string>> {
    if (ids.length === 0) return new Map();
    const rows = await this.sql<{ id: number; name: string }[]>`select id, name from units where id in ${this.sql(ids as number[])}`;
    return new Map(rows.map((r) => [r.id, r.name]));
  }

  async approvalHistory(province: string, unitId: number | undefined, limit: number): Promise<ApprovalHistoryEntry[]> {
    const rows = await this.sql<
      { at: Date; action: string; actor: string; actor_name: string | null; due_item_id: string; task_number: string; task_key: string | null; task_title: string; unit_name: string; new_due: string | null }[]
    >`
      with l as (
        select l.at, l.action, l.actor, l.actor_person_id, l.details,
               case when l.entity = 'due_item' then l.entity_id::bigint else (l.details->>'dueItemId')::bigint end as due_item_id
        from audit_log l
        where l.action in ${this.sql(DECISIONS)} and l.outcome = 'ok')
      select l.at, l.action, l.actor, p.name as actor_name, d.id as due_item_id, t.number as task_number, t.key as task_key, t.title as task_title,
             u.name as unit_name, l.details->>'newDueDate' as new_due
      from l
      join due_items d on d.id = l.due_item_id
      join task_assignments a on a.id = d.assignment_id
      join tasks t on t.id = a.task_id
      join units u on u.id = a.unit_id
      left join people p on p.id = l.actor_person_id
      where u.province = ${province} ${unitId === undefined ? this.sql`` : this.sql`and u.id = ${unitId}`}
      order by l.at desc, d.id desc
      limit ${limit}`;
    return rows.map((r) => ({
      at: r.at,
      action: r.action,
      actorName: r.actor_name,
      via: r.actor === 'web' ? 'web' : r.actor.startsWith('cli') ? 'cli' : 'bot',
      dueItemId: Number(r.due_item_id),
      taskNumber: taskLabel({ key: r.task_key, number: r.task_number }),
      taskTitle: r.task_title,
      unitName: r.unit_name,
      newDueDate: r.new_due,
    }));
  }

  async auditTrail(dueItemId: number): Promise<ItemAuditEntry[]> {
    return this.sql<ItemAuditEntry[]>`
      select l.at, l.action, l.outcome, l.actor, p.name as "personName", l.details
      from audit_log l left join people p on p.id = l.actor_person_id
      where (l.entity = 'due_item' and l.entity_id = ${String(dueItemId)})
         or (l.entity = 'extension_request' and l.details->>'dueItemId' = ${String(dueItemId)})
      order by l.at, l.id`;
  }

  async evidenceFiles(dueItemId: number): Promise<ItemEvidenceFile[]> {
    const rows = await this.sql<{ id: string; file_name: string; status: ItemEvidenceFile['status']; size_bytes: number | null; sha256: string | null }[]>`
      select id, file_name, status, size_bytes, sha256 from evidence_files where due_item_id = ${dueItemId} order by id`;
    return rows.map((r) => ({ id: Number(r.id), fileName: r.file_name, status: r.status, sizeBytes: r.size_bytes, sha256: r.sha256 }));
  }

  async evidenceContent(dueItemId: number, fileId: number): Promise<{ fileName: string; content: Uint8Array } | null> {
    const [r] = await this.sql<{ file_name: string; content: Buffer }[]>`
      select file_name, content from evidence_files where id = ${fileId} and due_item_id = ${dueItemId} and status = 'stored' and content is not null`;
    return r ? { fileName: r.file_name, content: new Uint8Array(r.content) } : null;
  }
}
