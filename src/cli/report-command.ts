/**
 * `nhacviec report --plan <id> [--as-of YYYY-MM-DD] [--unit U] --format xlsx|docx --out FILE`: the annex of a
 * plan's execution. Thin: parses options, calls the use case, writes the file.
 */
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { type Command, Option } from 'commander';
import {
  checkCompletionScoreRule,
  COMPLETION_SCORE_RULES,
  type CompletionScoreRule,
  DEFAULT_COMPLETION_SCORE_RULE,
} from '../../config/report-scoring.js';
import { planReport, ReportError } from '../app/report/service.js';
import { reportStoreOn } from '../report-wiring.js';
import { type CommandDeps, fail } from './plan-command.js';

interface ReportOptions {
  plan: string;
  asOf?: string;
  unit?: string;
  format?: 'xlsx' | 'docx';
  out: string;
  scoreRule: string;
  json: boolean;
}

function readRule(deps: CommandDeps, json: boolean, ref: string): CompletionScoreRule {
  const shipped = COMPLETION_SCORE_RULES[ref];
  if (shipped) return shipped;
  if (!ref.endsWith('.json'))
    fail(deps, json, 'report', `Không có quy tắc chấm điểm "${ref}" (có: ${Object.keys(COMPLETION_SCORE_RULES).join(', ')}, hoặc một tệp .json).`);
  try {
    return checkCompletionScoreRule(JSON.parse(readFileSync(ref, 'utf8')), ref);
  } catch (err) {
    fail(deps, json, 'report', `Không đọc được quy tắc chấm điểm ${ref}: ${err instanceof Error ? err.message : String(err)}`);
  }
}

/** Registers `report` on `program`. */
export function registerReportCommand(program: Command, deps: CommandDeps): Command {
  return program
    .command('report')
    .description('xuất phụ lục kết quả thực hiện kế hoạch (.xlsx hoặc .docx): từng nhiệm vụ, tổng hợp theo đơn vị và toàn tỉnh')
    .requiredOption('--plan <id>', 'số của kế hoạch (xem "nhacviec plan list")')
    .option('--as-of <date>', 'số liệu tính đến ngày (YYYY-MM-DD; mặc định hôm nay)')
    .option('--unit <unit>', 'chỉ một cơ quan chủ trì (mã hoặc tên)')
    .addOption(new Option('--format <format>', 'định dạng (mặc định theo đuôi tệp --out)').choices(['xlsx', 'docx']))
    .requiredOption('--out <file>', 'tệp kết quả')
    .option('--score-rule <id|file.json>', `quy tắc chấm điểm chỉ số CCHC (${Object.keys(COMPLETION_SCORE_RULES).join(', ')})`, DEFAULT_COMPLETION_SCORE_RULE)
    .option('--json', 'in tóm tắt dạng JSON', false)
    .action(async (o: ReportOptions) => {
      const planId = Number(o.plan);
      if (!/^\d+$/.test(o.plan)) fail(deps, o.json, 'report', `Số kế hoạch "${o.plan}" không hợp lệ.`);
      const ext = path.extname(o.out).slice(1).toLowerCase();
      const format = o.format ?? (ext === 'xlsx' || ext === 'docx' ? ext : undefined);
      if (format === undefined) fail(deps, o.json, 'report', `Cần --format xlsx|docx (đuôi tệp "${o.out}" không cho biết định dạng).`);
      const rule = readRule(deps, o.json, o.scoreRule);
      const database = await deps.openDatabase();
      try {
        const report = await planReport(reportStoreOn(database), deps.clock, {
          planId,
          ...(o.asOf ? { asOf: o.asOf } : {}),
          ...(o.unit ? { unit: o.unit } : {}),
          zone: deps.config.domain.timeZone,
          rule,
        }).catch((err: unknown) => {
          if (err instanceof ReportError) fail(deps, o.json, err.code, err.message);
          throw err;
        });
        const writer = format === 'xlsx' ? (await import('../app/report/xlsx.js')).reportToXlsx : (await import('../app/report/docx.js')).reportToDocx;
        const bytes = await writer(report);
        // Written beside the target and renamed: a failed run never leaves half a file under the name asked for.
        const tmp = `${o.out}.${process.pid}.tmp`;
        writeFileSync(tmp, bytes);
        renameSync(tmp, o.out);
        const summary = {
          file: o.out,
          format,
          asOf: report.asOf,
          rows: report.rows.length,
          units: report.units.length,
          province: { onTimePercent: report.province.onTimePercent, completionPercent: report.province.completionPercent },
          ruleVerified: rule.verified,
        };
        if (o.json) deps.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
        else
          deps.stdout.write(
            `Đã ghi ${o.out}: ${report.rows.length} dòng nhiệm vụ, ${report.units.length} cơ quan chủ trì, số liệu đến ngày ${report.asOf}.\n` +
              `Toàn tỉnh: ${report.province.due} nhiệm vụ đã đến hạn, đúng hạn ${report.province.onTimePercent ?? '—'}%, hoàn thành ${report.province.completionPercent ?? '—'}%.\n` +
              (rule.verified ? '' : `Lưu ý: ngưỡng điểm "${rule.id}" chưa được xác minh với văn bản gốc (xem ghi chú trong phụ lục).\n`),
          );
      } finally {
        await database.close();
      }
    });
}
