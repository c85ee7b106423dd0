/**
 * `gongkai audit FILE|FOLDER… [--format text|json|csv|html] [--out FILE] [--previous FILE]`
 *
 * Reads published annual reports (text, HTML, DOCX, PDF) into the report model and prints what is
 * wrong with them. A folder is read in bulk (progress bar on a terminal's stderr), with a summary
 * table; the reports of one agency across years are chained for the carry-over check. The exit code
 * is 0 even when there are findings (the findings are the answer); it is 1 only when a file cannot
 * be read.
 */
import { readdir, readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Command } from 'commander';
import { BASIS_LABELS, inferredCells, inferredLine } from '../domain/audit/recovered.ts';
import { SAFE_CSV } from '../lib/csv.ts';
import type { AuditOptions } from '../audit-io/index.ts';
import { checkCarryover, checkRepeated, countSeverities, type DeadlineLevel } from '../domain/report/checks.ts';
import type { Finding, ReportModel } from '../domain/report/model.ts';
import { escapeHtml, marksFromFindings, renderHtml } from '../domain/report/render/html.ts';

export type AuditFormat = 'text' | 'json' | 'csv' | 'html';
export interface AuditCommandOptions {
  format?: AuditFormat;
  out?: string;
  previous?: string;
  level?: DeadlineLevel;
  /** Show a progress bar (default: when stderr is a terminal and there are several files). */
  progress?: boolean;
}

const EXTENSIONS = /\.(txt|text|html?|xhtml|shtml|docx|pdf)$/i;
const SEVERITY_LABEL: Record<string, string> = { error: '错误', warning: '警告', info: '提示' };
const FORMAT_LABEL: Record<string, string> = { '2021': '2021 年格式（国办公开办函〔2021〕30号）', '2019': '2019 试行格式（国办公开办函〔2019〕60号）' };

/** The files named: each file as is, each folder's report files (recursively, sorted). */
export async function listFiles(paths: string[]): Promise<{ files: string[]; bulk: boolean }> {
  const files: string[] = [];
  let bulk = paths.length > 1;
  for (const p of paths) {
    let info;
    try {
      info = await stat(p);
    } catch {
      throw new Error(`找不到文件或文件夹：${p}`);
    }
    if (info.isDirectory()) {
      bulk = true;
      const entries = await readdir(p, { recursive: true, withFileTypes: true });
      const inside = entries
        .filter((e) => e.isFile() && EXTENSIONS.test(e.name))
        .map((e) => path.join((e as unknown as { parentPath?: string; path?: string }).parentPath ?? (e as unknown as { path: string }).path, e.name))
        .sort((a, b) => a.localeCompare(b, 'zh-CN', { numeric: true }));
      files.push(...inside);
    } else files.push(p);
  }
  return { files, bulk };
}

/**
 * One file read in this process with the server's limits (src/audit-io/limits.ts): a file over a
 * limit is reported unreadable, naming the limit. (The server reads in worker threads with a heap
 * limit and a time budget too; the command line is run by the person whose files these are.)
 */
async function auditLimited(file: string, bytes: Uint8Array, options: AuditOptions): Promise<ReportModel> {
  const { auditWithLimits } = await import('../audit-io/worker.ts');
  const outcome = await auditWithLimits(file, bytes, options);
  if (outcome.ok) return outcome.model;
  const { auditBuffer } = await import('../audit-io/index.ts');
  const model = await auditBuffer(file, new Uint8Array(0));
  return { ...model, findings: [{ code: 'parse.unreadable', severity: 'error', message: outcome.breach.message, where: 'document' }] };
}

/** Chain the reports of one agency across years: carry-over (上年结转 = 去年结转下年度) and 「雷同」. */
export function chainYears(models: ReportModel[]): void {
  const byAgency = new Map<string, ReportModel[]>();
  for (const m of models) {
    if (!m.agency.name || m.year === null) continue;
    const list = byAgency.get(m.agency.name) ?? [];
    list.push(m);
    byAgency.set(m.agency.name, list);
  }
  for (const list of byAgency.values()) {
    const byYear = new Map(list.map((m) => [m.year, m]));
    for (const m of list) {
      const previous = byYear.get((m.year as number) - 1);
      if (!previous) continue;
      m.findings.push(...checkCarryover(m, previous), ...checkRepeated(m, previous));
    }
  }
}

export interface AuditRun {
  models: ReportModel[];
  /** Files that could not be read at all. */
  failed: string[];
  output: string;
  bulk: boolean;
}

/** The command without the process around it (tests call this). */
export async function runAudit(paths: string[], options: AuditCommandOptions = {}): Promise<AuditRun> {
  const format = options.format ?? 'text';
  if (!['text', 'json', 'csv', 'html'].includes(format)) throw new Error(`不支持的输出格式「${format}」，可选：text、json、csv、html`);
  if (options.level && !['department', 'county', 'city', 'province'].includes(options.level))
    throw new Error(`不支持的发布层级「${options.level}」，可选：department（1月31日）、county（2月20日）、city（3月10日）、province（3月31日）`);
  if (paths.length === 0) throw new Error('请给出要审核的文件或文件夹');
  const { files, bulk } = await listFiles(paths);
  if (files.length === 0) throw new Error(`在 ${paths.join('、')} 中没有找到报告文件（.txt、.html、.docx、.pdf）`);
  // Loaded here, not at the top: `gongkai --help` loads every command module and should load no parser.
  const { auditBuffer, isUnreadableDocument } = await import('../audit-io/index.ts');

  let previous: ReportModel | undefined;
  if (options.previous) {
    let bytes: Buffer;
    try {
      bytes = await readFile(options.previous);
    } catch {
      throw new Error(`无法读取上一年度报告：${options.previous}`);
    }
    previous = await auditLimited(options.previous, bytes, { deadlineLevel: options.level });
  }

  const showBar = options.progress ?? (bulk && files.length > 1 && Boolean(process.stderr.isTTY));
  const { SingleBar, Presets } = await import('cli-progress');
  const bar = showBar ? new SingleBar({ format: '审核中 [{bar}] {value}/{total} {file}', stream: process.stderr, hideCursor: true }, Presets.shades_classic) : null;
  bar?.start(files.length, 0, { file: '' });
  const models: ReportModel[] = [];
  const failed: string[] = [];
  for (const file of files) {
    let model: ReportModel;
    try {
      const bytes = await readFile(file);
      model = await auditLimited(file, bytes, { previous, deadlineLevel: options.level });
    } catch (err) {
      const reason = (err as NodeJS.ErrnoException).code === 'EACCES' ? '没有读取权限' : err instanceof Error ? err.message : String(err);
      model = { ...(await auditBuffer(file, new Uint8Array(0))), findings: [{ code: 'parse.unreadable', severity: 'error', message: `无法读取文件：${reason}`, where: 'document' }] };
    }
    if (isUnreadableDocument(model)) failed.push(file);
    models.push(model);
    bar?.increment(1, { file: path.basename(file) });
  }
  bar?.stop();
  if (!previous) chainYears(models);

  let output: string;
  if (format === 'json') output = JSON.stringify(bulk ? models : stripFile(models[0]), null, 2) + '\n';
  else if (format === 'csv') output = await toCsv(models);
  else if (format === 'html') output = toHtml(models, bulk);
  else output = toText(models, bulk);
  return { models, failed, output, bulk };
}

function stripFile(m: ReportModel): ReportModel {
  const { file: _file, ...rest } = m;
  return rest as ReportModel;
}

function findingLine(f: Finding): string {
  const parts = [`[${SEVERITY_LABEL[f.severity] ?? f.severity}] ${f.code}`];
  if (f.where) parts.push(`位置 ${f.where}`);
  let line = `${parts.join('  ')}\n    ${f.message}`;
  if (f.expected !== undefined || f.found !== undefined) line += `\n    应为：${f.expected ?? '—'}；实为：${f.found ?? '空'}`;
  return line;
}

function describe(m: ReportModel): string[] {
  const c = countSeverities(m.findings);
  return [
    `文件：${m.file ?? ''}`,
    `机关：${m.agency.name || '（未写明）'}`,
    `年度：${m.year ?? '（未识别）'}`,
    `格式：${FORMAT_LABEL[m.format] ?? m.format}`,
    ...(m.published ? [`发布日期：${m.published}`] : []),
    `发现：错误 ${c.errors} 个，警告 ${c.warnings} 个，提示 ${c.infos} 个`,
  ];
}

function toText(models: ReportModel[], bulk: boolean): string {
  const out: string[] = [];
  if (bulk) {
    const rows = models.map((m) => {
      const c = countSeverities(m.findings);
      return [m.file ?? '', m.agency.name || '—', String(m.year ?? '—'), m.format, String(c.errors), String(c.warnings)];
    });
    const totalErrors = rows.reduce((s, r) => s + Number(r[4]), 0);
    out.push(`共审核 ${models.length} 份报告，其中 ${models.filter((m) => countSeverities(m.findings).errors > 0).length} 份有错误（错误共 ${totalErrors} 个）`);
    out.push('');
    out.push(table([['文件', '机关', '年度', '格式', '错误', '警告'], ...rows]));
    out.push('');
  }
  for (const m of models) {
    const lines = describe(m);
    out.push(...(bulk ? lines : lines.slice(1)));
    for (const f of m.findings) out.push(findingLine(f));
    const inferred = inferredCells(m);
    if (inferred.length) {
      out.push('', `推算的单元格（表格在网页或转换中受损，以下单元格不是照印出的读取，而是按所列依据推算；共 ${inferred.reduce((n, x) => n + x.cells.length, 0)} 格）：`);
      for (const x of inferred) out.push(`  ${inferredLine(x)}`);
    }
    out.push('');
  }
  return out.join('\n');
}

/** A plain-text table, columns padded by display width (CJK characters count 2). */
function table(rows: string[][]): string {
  const width = (s: string) => [...s].reduce((w, ch) => w + (/[\u1100-\uffff]/.test(ch) ? 2 : 1), 0);
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => width(r[i] ?? ''))));
  return rows.map((r) => r.map((cell, i) => cell + ' '.repeat(widths[i] - width(cell))).join('  ').trimEnd()).join('\n');
}

async function toCsv(models: ReportModel[]): Promise<string> {
  const { stringify } = await import('csv-stringify/sync');
  const rows: unknown[][] = [];
  for (const m of models)
    for (const f of m.findings) rows.push([m.file ?? '', m.agency.name, m.year ?? '', m.format, f.code, f.severity, f.where ?? '', f.expected ?? '', f.found ?? '', f.message]);
  return stringify(rows, { ...SAFE_CSV, header: true, columns: ['file', 'agency', 'year', 'format', 'code', 'severity', 'where', 'expected', 'found', 'message'] });
}

function toHtml(models: ReportModel[], bulk: boolean): string {
  const out: string[] = ['<!doctype html>', '<html lang="zh-CN"><head><meta charset="utf-8"><title>年度报告审核结果</title>',
    '<style>body{font-family:sans-serif;max-width:72rem;margin:2rem auto;padding:0 1rem}table{border-collapse:collapse}td,th{border:1px solid #999;padding:.2rem .5rem}.error{color:#b00}.warning{color:#a60}</style></head><body>',
    '<h1>政府信息公开工作年度报告审核结果</h1>'];
  if (bulk) {
    out.push('<table><thead><tr><th>文件</th><th>机关</th><th>年度</th><th>格式</th><th>错误</th><th>警告</th></tr></thead><tbody>');
    for (const m of models) {
      const c = countSeverities(m.findings);
      out.push(`<tr><td>${escapeHtml(m.file ?? '')}</td><td>${escapeHtml(m.agency.name || '—')}</td><td>${m.year ?? '—'}</td><td>${m.format}</td><td>${c.errors}</td><td>${c.warnings}</td></tr>`);
    }
    out.push('</tbody></table>');
  }
  for (const m of models) {
    out.push(`<section><h2>${escapeHtml(m.file ?? '')}</h2><ul>${describe(m).slice(1).map((l) => `<li>${escapeHtml(l)}</li>`).join('')}</ul>`);
    out.push('<table><thead><tr><th>级别</th><th>代码</th><th>位置</th><th>说明</th><th>应为</th><th>实为</th></tr></thead><tbody>');
    for (const f of m.findings)
      out.push(`<tr class="${f.severity}"><td>${SEVERITY_LABEL[f.severity]}</td><td>${escapeHtml(f.code)}</td><td>${escapeHtml(f.where ?? '')}</td><td>${escapeHtml(f.message)}</td><td>${escapeHtml(String(f.expected ?? ''))}</td><td>${escapeHtml(String(f.found ?? ''))}</td></tr>`);
    out.push('</tbody></table>');
    const inferred = inferredCells(m);
    if (inferred.length) {
      out.push('<h3>推算的单元格</h3><p>表格在网页或转换中受损，以下单元格不是照印出的读取，而是按所列依据推算：</p><table><thead><tr><th>单元格</th><th>格数</th><th>推算结果</th><th>依据</th></tr></thead><tbody>');
      for (const x of inferred)
        out.push(`<tr class="${x.basis === 'ambiguous' ? 'error' : 'warning'}"><td>${escapeHtml(x.what)}</td><td>${x.cells.length}</td><td>${x.basis === 'ambiguous' || x.basis === 'header' ? '—' : escapeHtml(x.values.map((v) => (v === null ? '空' : String(v))).join(' | '))}</td><td>${escapeHtml(BASIS_LABELS[x.basis])}</td></tr>`);
      out.push('</tbody></table>');
    }
    if (!bulk) out.push(renderHtml(m, { marks: marksFromFindings(m.findings), headingLevel: 2 }));
    out.push('</section>');
  }
  out.push('</body></html>');
  return out.join('\n') + '\n';
}

export function register(program: Command): void {
  program
    .command('audit')
    .description('审核已发布的政府信息公开工作年度报告（文本、HTML、DOCX、PDF；可给文件夹批量审核）')
    .argument('<paths...>', '报告文件或文件夹')
    .option('--format <format>', '输出格式：text、json、csv、html', 'text')
    .option('--out <file>', '写入文件（默认输出到标准输出）')
    .option('--previous <file>', '上一年度的报告，用于核对「上年结转」')
    .option('--level <level>', '发布期限：department（1月31日，默认）、county、city、province')
    .action(async (paths: string[], opts: { format: AuditFormat; out?: string; previous?: string; level?: DeadlineLevel }) => {
      const run = await runAudit(paths, opts);
      if (opts.out) {
        await writeFile(opts.out, run.output);
        process.stdout.write(`已写入 ${opts.out}（${run.models.length} 份报告）\n`);
      } else process.stdout.write(run.output);
      if (run.failed.length) {
        process.stderr.write(`错误：${run.failed.length} 个文件无法读取：${run.failed.join('、')}\n`);
        process.exitCode = 1;
      }
    });
}
