/**
 * Calendar feed tokens (`feed_tokens`, hashed) and the open due items a feed shows (src/app/feeds).
 */
import type { FeedItem } from '../app/feeds/ics.js';
import type { FeedOwner, FeedStore } from '../app/feeds/service.js';
import type { Sql } from './client.js';

const ownerColumn = (o: FeedOwner) => (o.kind === 'unit' ? 'unit_id' : 'person_id');
const ownerId = (o: FeedOwner) => (o.kind === 'unit' ? o.unitId : o.personId);

export class PostgresFeedStore implements FeedStore {
  constructor(private readonly sql: Sql) {}

  async findUnit(province: string, ref: string): Promise<{ id: number; code: string; name: string } | null> {
    const [u] = await this.sql<{ id: number; code: string; name: string }[]>`
      select id, code, name from units where province = ${province} and (code = ${ref} or lower(name) = lower(${ref}))
      order by (code = ${ref}) desc, id limit 1`;
    return u ?? null;
  }

  async findPerson(id: number): Promise<{ id: number; name: string } | null> {
    const [p] = await this.sql<{ id: number; name: string }[]>`select id, name from people where id = ${id}`;
    return p ?? null;
  }

  async activeToken(owner: FeedOwner): Promise<{ createdAt: Date } | null> {
    const [t] = await this.sql<{ created_at: Date }[]>`
      select created_at from feed_tokens where ${this.sql(ownerColumn(owner))} = ${ownerId(owner)} and revoked_at is null`;
    return t === undefined ? null : { createdAt: t.created_at };
  }

  async replaceToken(owner: FeedOwner, tokenHash: string, createdBy: string, now: Date): Promise<void> {
    await this.sql.begin(async (tx) => {
      await tx`update feed_tokens set revoked_at = ${now} where ${tx(ownerColumn(owner))} = ${ownerId(owner)} and revoked_at is null`;
      await tx`
        insert into feed_tokens (token_hash, unit_id, person_id, created_by, created_at)
        values (${tokenHash}, ${owner.kind === 'unit' ? owner.unitId : null}, ${owner.kind === 'person' ? owner.personId : null}, ${createdBy}, ${now})`;
      await tx`
        insert into audit_log (at, actor, action, entity, entity_id, outcome)
        values (${now}, ${createdBy}, 'feed.issue', ${owner.kind}, ${String(ownerId(owner))}, 'ok')`;
    });
  }

  async revokeTokens(owner: FeedOwner, now: Date): Promise<number> {
    const res = await this.sql`update feed_tokens set revoked_at = ${now} where ${this.sql(ownerColumn(owner))} = ${ownerId(owner)} and revoked_at is null`;
    return res.count;
  }

  async ownerOf(tokenHash: string): Promise<{ owner: FeedOwner; name: string } | null> {
    const [t] = await this.sql<{ unit_id: number | null; person_id: number | null; name: string }[]>`
      select f.unit_id, f.person_id, coalesce(u.name, p.name) as name
      from feed_tokens f left join units u on u.id = f.unit_id left join people p on p.id = f.person_id
      where f.token_hash = ${tokenHash} and f.revoked_at is null`;
    if (t === undefined) return null;
    return { owner: t.unit_id !== null ? { kind: 'unit', unitId: t.unit_id } : { kind: 'person', personId: t.person_id! }, name: t.name };
  }

  async openItems(owner: FeedOwner): Promise<FeedItem[]> {
    const units =
      owner.kind === 'unit'
        ? this.sql`a.unit_id = ${owner.unitId}`
        : this.sql`a.unit_id in (select m.unit_id from memberships m where m.person_id = ${owner.personId} and m.active)`;
    const rows = await this.sql<
      {
        id: string;
        task_key: string | null;
        task_number: string;
        task_title: string;
        deadline_text: string | null;
        occurrence_label: string;
        due_date: string;
        role: 'lead' | 'support';
        unit_name: string;
        leads: string[] | null;
        supports: string[] | null;
        plan_title: string;
        ladder: number[] | null;
      }[]
    >`
      select d.id::text as id, t.key as task_key, t.number as task_number, t.title as task_title, t.deadline_text,
             d.occurrence_label, d.due_date::text as due_date, a.role::text as role, u.name as unit_name,
             (select array_agg(u2.name order by u2.name) from task_assignments a2 join units u2 on u2.id = a2.unit_id
               where a2.task_id = t.id and a2.role = 'lead') as leads,
             (select array_agg(u2.name order by u2.name) from task_assignments a2 join units u2 on u2.id = a2.unit_id
               where a2.task_id = t.id and a2.role = 'support') as supports,
             p.title as plan_title, p.settings -> 'ladder' as ladder
      from due_items d
      join task_assignments a on a.id = d.assignment_id
      join tasks t on t.id = a.task_id
      join plans p on p.id = t.plan_id
      join units u on u.id = a.unit_id
      where ${units} and d.state in ('open', 'overdue', 'extended') and d.due_date is not null and p.status = 'published'
      order by d.due_date, d.id`;
    return rows.map((r) => ({
      id: Number(r.id),
      taskKey: r.task_key,
      taskNumber: r.task_number,
      taskTitle: r.task_title,
      deadlineText: r.deadline_text,
      occurrenceLabel: r.occurrence_label,
      dueDate: r.due_date,
      role: r.role,
      unitName: r.unit_name,
      leadUnits: r.leads ?? [],
      supportUnits: r.supports ?? [],
      planTitle: r.plan_title,
      ladder: Array.isArray(r.ladder) ? r.ladder : null,
    }));
  }
}
