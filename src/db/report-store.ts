/**
 * The report annex's reads (src/app/report): a plan, its tasks with their lead units and due items, and the
 * approved extensions, in two queries whatever the plan's size.
 */
import type { ReportItemInput, ReportPlanInput, ReportRowInput } from '../app/report/model.js';
import type { ReportStore } from '../app/report/service.js';
import type { Sql } from './client.js';

interface RowRecord {
  task_id: number;
  task_key: string | null;
  task_number: string;
  section_number: string | null;
  section_title: string | null;
  title: string;
  output: string | null;
  deadline_text: string | null;
  withdrawn_date: string | null;
  unit_id: number;
  unit_code: string;
  unit_name: string;
  item_id: string | null;
  occurrence_label: string | null;
  window_start: string | null;
  nominal_due: string | null;
  due_date: string | null;
  state: string | null;
  done_date: string | null;
  evidence: ReportItemInput['evidence'];
  waiting_event: string | null;
}

export class PostgresReportStore implements ReportStore {
  constructor(private readonly sql: Sql) {}

  async loadPlan(planId: number): Promise<(ReportPlanInput & { status: string }) | null> {
    const [p] = await this.sql<
      { id: number; province: string; title: string; decision_number: string | null; decision_date: string | null; start: number; end: number; status: string; province_name: string | null }[]
    >`
      select p.id, p.province, p.title, p.decision_number, p.decision_date::text as decision_date, p.period_start_year as start,
             p.period_end_year as "end", p.status::text as status,
             (select u.name from units u where u.province = p.province and u.kind = 'province' order by u.id limit 1) as province_name
      from plans p where p.id = ${planId}`;
    if (p === undefined) return null;
    return {
      id: p.id,
      province: p.province,
      provinceName: p.province_name ?? p.province,
      title: p.title,
      decisionNumber: p.decision_number,
      decisionDate: p.decision_date,
      periodStartYear: p.start,
      periodEndYear: p.end,
      status: p.status,
    };
  }

  async findUnit(province: string, ref: string): Promise<{ id: number; code: string; name: string } | null> {
    const [u] = await this.sql<{ id: number; code: string; name: string }[]>`
      select id, code, name from units
      where province = ${province} and (code = ${ref} or lower(name) = lower(${ref}))
      order by (code = ${ref}) desc, id limit 1`;
    return u ?? null;
  }

  async loadRows(planId: number, zone: string, unitId?: number): Promise<ReportRowInput[]> {
    const records = await this.sql<RowRecord[]>`
      select t.id as task_id, t.key as task_key, t.number as task_number, s.number as section_number, s.title as section_title,
             t.title, t.output, t.deadline_text, (t.withdrawn_at at time zone ${zone})::date::text as withdrawn_date,
             u.id as unit_id, u.code as unit_code, u.name as unit_name,
             d.id::text as item_id, d.occurrence_label, d.window_start::text as window_start, d.nominal_due::text as nominal_due,
             d.due_date::text as due_date, d.state::text as state, (d.done_at at time zone ${zone})::date::text as done_date,
             d.evidence, d.waiting_event
      from tasks t
      join task_assignments a on a.task_id = t.id and a.role = 'lead'
      join units u on u.id = a.unit_id
      left join plan_sections s on s.id = t.section_id
      left join due_items d on d.assignment_id = a.id
      where t.plan_id = ${planId} ${unitId === undefined ? this.sql`` : this.sql`and a.unit_id = ${unitId}`}
      order by s.position nulls last, t.position, u.name, u.id, d.due_date nulls last, d.occurrence_key`;
    const extensions = await this.sql<{ due_item_id: string; from: string | null; to: string; decided: string | null }[]>`
      select e.due_item_id::text as due_item_id, e.previous_due_date::text as "from",
             coalesce(e.counter_date, e.proposed_date)::text as "to", (e.decided_at at time zone ${zone})::date::text as decided
      from extension_requests e
      join due_items d on d.id = e.due_item_id
      join task_assignments a on a.id = d.assignment_id and a.role = 'lead'
      join tasks t on t.id = a.task_id
      where t.plan_id = ${planId} and e.status in ('approved', 'countered')
      order by e.decided_at, e.id`;
    const extByItem = new Map<string, ReportItemInput['extensions']>();
    for (const e of extensions) {
      const list = extByItem.get(e.due_item_id) ?? [];
      list.push({ from: e.from, to: e.to, decidedDate: e.decided });
      extByItem.set(e.due_item_id, list);
    }
    const rows: ReportRowInput[] = [];
    let current: ReportRowInput | undefined;
    for (const r of records) {
      if (current === undefined || current.taskId !== r.task_id || current.unitId !== r.unit_id) {
        current = {
          taskId: r.task_id,
          taskKey: r.task_key,
          taskNumber: r.task_number,
          sectionNumber: r.section_number,
          sectionTitle: r.section_title,
          title: r.title,
          output: r.output,
          deadlineText: r.deadline_text,
          withdrawnDate: r.withdrawn_date,
          unitId: r.unit_id,
          unitCode: r.unit_code,
          unitName: r.unit_name,
          items: [],
        };
        rows.push(current);
      }
      if (r.item_id === null) continue;
      current.items.push({
        id: Number(r.item_id),
        occurrenceLabel: r.occurrence_label ?? '',
        windowStart: r.window_start,
        nominalDue: r.nominal_due,
        dueDate: r.due_date,
        state: r.state!,
        doneDate: r.done_date,
        evidence: r.evidence,
        waitingEvent: r.waiting_event,
        extensions: extByItem.get(r.item_id) ?? [],
      });
    }
    return rows;
  }
}
