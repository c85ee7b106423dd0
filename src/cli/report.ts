/**
 * `gongkai report compile --agency CODE --year Y [--format json|html|docx|xlsx|pdf] [--out FILE] [--published]`
 *
 * Compiles an agency's annual report from the database (never typed in): tables 1–3 from its
 * applications, appeals, documents and figures, with the prose saved in the console (or the first
 * draft). JSON is the report model of contracts.md §2, written to standard output without --out;
 * DOCX, XLSX and PDF need --out. `--published` writes the latest published version instead.
 * The first line of standard error (with --out) names the file written and the finding counts.
 */
import { writeFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { countSeverities } from '../domain/report/checks.ts';
import type { ReportModel, ReportSections } from '../domain/report/model.ts';
import type { Db } from '../db/index.ts';
import { EXPORT_FORMATS, isExportFormat } from '../app/reports/formats.ts';
import { withDatabase } from './database.ts';

export interface CompileOptions {
  agency: string;
  year: string;
  format?: string;
  out?: string;
  published?: boolean;
}

export function register(program: Command) {
  const report = program.command('report').description('政府信息公开工作年度报告');
  report
    .command('compile')
    .description('从数据库编制年度报告（JSON 即 contracts.md §2 的报告模型；无 --out 时写到标准输出）')
    .requiredOption('--agency <code>', '机关代码，例如 220500-zsj')
    .requiredOption('--year <year>', '报告年度，例如 2023')
    .option('--format <format>', `输出格式：${EXPORT_FORMATS.join('|')}`, 'json')
    .option('--out <file>', '写入的文件（docx、xlsx、pdf 必须指定）')
    .option('--published', '输出已公布的最新版本，而不是按现有数据重新编制')
    .action(async (opts: CompileOptions) => {
      const format = (opts.format ?? 'json').toLowerCase();
      if (!isExportFormat(format)) throw new Error(`不支持的格式“${opts.format}”，可选：${EXPORT_FORMATS.join('、')}`);
      if (!/^\d{4}$/.test(opts.year)) throw new Error(`报告年度“${opts.year}”无效，应为四位年份，例如 2023`);
      if (!opts.out && (format === 'docx' || format === 'xlsx' || format === 'pdf')) {
        throw new Error(`${format.toUpperCase()} 是二进制文件，请用 --out 指定要写入的文件`);
      }
      const year = Number(opts.year);
      const model = await withDatabase((database) => compileFromDatabase(database.db, opts.agency, year, opts.published === true));
      const { renderReportFile } = await import('../app/reports/export.ts');
      const bytes = await renderReportFile(model, format);
      if (opts.out) {
        await writeFile(opts.out, bytes);
        const c = countSeverities(model.findings);
        process.stdout.write(`${opts.out}\n已写入 ${model.agency.name}${year}年度报告（${format.toUpperCase()}）：错误 ${c.errors} 个，警告 ${c.warnings} 个，提示 ${c.infos} 个\n`);
      } else process.stdout.write(bytes);
    });
}

/** The model the command writes (exported for tests). */
export async function compileFromDatabase(db: Db, code: string, year: number, published: boolean): Promise<ReportModel> {
  const { agencyPlace, compileNow, publishedReports, versionsOf } = await import('../app/reports/service.ts');
  const place = await agencyPlace(db, code);
  if (published) {
    const row = (await publishedReports(db, place.agency.id)).find((r) => r.year === year);
    if (!row) throw new Error(`${place.agency.name}还没有公布${year}年度报告`);
    return row.model as ReportModel;
  }
  const [current] = await versionsOf(db, place.agency.id, year);
  const prose = current
    ? current.status === 'draft' || current.status === 'returned'
      ? (current.prose as Partial<ReportSections>)
      : (current.model as ReportModel).sections
    : {};
  const kind = (current?.kind as 'agency' | 'rollup' | undefined) ?? 'agency';
  return (await compileNow(db, place, year, prose, kind)).model;
}
