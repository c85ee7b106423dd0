/**
 * The auditor's reader: a published annual report, as people actually find it (text copied from
 * a portal page, a page's textContent with no separators left, converter markdown, a PDF's text
 * layer, the page's HTML, a DOCX converted to HTML), read into the report model of contracts.md §2,
 * with `findings` = what the reading found (parse.*, reworded labels) + checkReport().
 *
 * The steps, one module each: prepare.ts (page furniture, doubled pages, fused lines cut at the
 * statutory headings and labels), tokens.ts (pieces and number cells), collect.ts (table 2 as a
 * grammar of 25 rows with the labels as anchors), table2.ts (cells, fused digits split under every
 * identity, rows re-aligned), table3.ts, table1.ts (with the prose's own figures), meta.ts (year,
 * agency, date, headings, prose). Formats: 2021 (国办公开办函〔2021〕30号) and the 2019 trial
 * format (国办公开办函〔2019〕60号, regulation.md §1.7), told apart by table 1.
 */
import { TABLE2_ROWS, type Table2Row } from '../taxonomy/index.ts';
import { emptyReport, type Finding, type ReportFormat, type ReportModel } from '../report/model.ts';
import { checkFeeStatement, checkReport, type CheckContext, type ParsedStructure } from '../report/checks.ts';
import { htmlLines, labelCore, textLines, tokenise, type Lines } from './tokens.ts';
import { prepareLines } from './prepare.ts';
import { collectTable2 } from './collect.ts';
import { readTable2 } from './table2.ts';
import { readAppeals } from './table3.ts';
import { readProactive } from './table1.ts';
import { readPublished, readStructure, readTitle, sectionProse, STATUTORY_HEADINGS } from './meta.ts';

export { STATUTORY_HEADINGS };

export interface ReadOptions {
  /** Last year's report of the same agency (carry-over and 「雷同」 checks). */
  previous?: ReportModel;
  /** The file name, kept in `model.file`. */
  file?: string;
  deadlineLevel?: CheckContext['deadlineLevel'];
  /** A publication date known from outside the text (an HTML page's <meta name="PubDate">). */
  pubDate?: string;
}

/** What the reading found besides the numbers (exposed for tests and the CLI). */
export interface ReadResult {
  model: ReportModel;
  structure: ParsedStructure;
  /** Every line's normalised text (for the text checks). */
  lines: string[];
}

// ------------------------------------------------------------------ public entry points

/** Read plain text (copied from a page, or extracted from a PDF). Never throws. */
export function readReportText(text: string, options: ReadOptions = {}): ReadResult {
  return safely(() => readLines(textLines(String(text ?? '')), options), options);
}

/** Read the HTML of a portal page (or of a DOCX converted by mammoth). Never throws. */
export function readReportHtml(html: string, options: ReadOptions = {}): ReadResult {
  const source = String(html ?? '');
  // the CMS's own date, in the page head (read when the page shows no 发布日期)
  const meta = /<meta\s+name=["']?PubDate["']?\s+content=["']?(\d{4})-(\d{1,2})-(\d{1,2})/i.exec(source.slice(0, 20_000));
  const pubDate = meta ? `${meta[1]}-${meta[2].padStart(2, '0')}-${meta[3].padStart(2, '0')}` : undefined;
  return safely(() => readLines(htmlLines(source), { ...options, pubDate }), options);
}

/** Convenience: the model only. */
export function auditText(text: string, options: ReadOptions = {}): ReportModel {
  return readReportText(text, options).model;
}
export function auditHtml(html: string, options: ReadOptions = {}): ReportModel {
  return readReportHtml(html, options).model;
}

function safely(run: () => ReadResult, options: ReadOptions): ReadResult {
  try {
    return run();
  } catch (err) {
    // A bug of the reader must not stop a bulk audit: the report is returned as unreadable.
    const model = emptyReport(null, '', null);
    if (options.file) model.file = options.file;
    model.findings = [
      {
        code: 'parse.unreadable',
        severity: 'error',
        message: `无法读取这份报告（读取程序出错：${err instanceof Error ? err.message : String(err)}）。`,
        where: 'document',
      },
    ];
    return { model, structure: { headings: [] }, lines: [] };
  }
}

// ------------------------------------------------------------------ the reader

/** The two rows of （六） that the 2019 trial format (and a 2021 table printing （六） as one row) does not have. */
const SUB_ROWS_OF_SIX: Table2Row[] = ['other.correction_lapsed', 'other.fee_lapsed'];

function readLines(input: Lines, options: ReadOptions): ReadResult {
  const doc = prepareLines(input);
  const lines = doc.lines;
  const tokens = tokenise(lines);
  const findings: Finding[] = [];

  // ---- title: year, agency, 发布日期
  const title = readTitle(lines);
  const published = readPublished(lines, title.year) ?? options.pubDate;
  const { agency } = title;
  // no year in the title or the 统计期限 sentence: the report is published early in the year after
  const year = title.year ?? (published ? Number(published.slice(0, 4)) - 1 : null);

  // ---- table 2: rows by grammar, labels as anchors
  const reading = collectTable2(tokens);
  const first = reading.first;

  // ---- format: decided by table 1 (its columns differ), else by table 2's （六）
  const table1Tokens = first < 0 ? tokens : tokens.slice(0, first);
  const trialTable1 = table1Tokens.some((t) => t.t === 'text' && /本年新制作数量|本年新公开数量|对外公开总数量|上一年项目数量/.test(labelCore(t.s)));
  const table1Of2021 = table1Tokens.some((t) => t.t === 'text' && /本年制发件数|本年废止件数|现行有效件数/.test(labelCore(t.s)));
  const oneRowSix = reading.singleOtherRow || (reading.rows.size > 0 && !SUB_ROWS_OF_SIX.some((r) => reading.rows.has(r) || reading.bare.has(r)) && !reading.truncatedAfter);
  const format: ReportFormat = trialTable1 ? '2019' : table1Of2021 ? '2021' : reading.singleOtherRow || (oneRowSix && year !== null && year <= 2020) ? '2019' : '2021';

  const model = emptyReport(year, agency, null, format);
  if (published) model.published = published;
  if (options.file) model.file = options.file;
  const suppressBlank = new Set<string>();
  if (doc.doubled)
    findings.push({ code: 'parse.recovered', severity: 'info', message: '页面的正文出现了两遍（网页带打印版或抓取重复）；只读第一遍。', where: 'document' });

  // ---- table 2
  const unprinted = new Set<Table2Row>(oneRowSix ? SUB_ROWS_OF_SIX : []);
  const expected = TABLE2_ROWS.filter((r) => !unprinted.has(r));
  if (oneRowSix && format === '2021')
    findings.push({
      code: 'structure.heading_wording',
      severity: 'warning',
      message: '表二的「（六）其他处理」只印了一行，没有 2021 年格式的「1.申请人无正当理由逾期不补正…」「2.申请人逾期未按收费通知要求缴纳费用…」「3.其他」三个子行（2019 年试行格式的写法）；这一行记入「3.其他」，另两行按未列出处理。',
      where: 'table2/other.other',
      expected: '（六）其他处理 1./2./3. 三行',
      found: '（六）其他处理（一行）',
    });
  readTable2(tokens, reading, { expected, unprinted }, model, findings, suppressBlank);
  const truncated = reading.truncatedAfter !== null;

  // ---- table 3
  const tail = readAppeals(tokens, Math.max(0, reading.end), model, findings, suppressBlank, truncated);

  // ---- table 1
  readProactive(tokens, first < 0 ? tokens.length : first, model, findings, suppressBlank, format, lines);

  // ---- sections
  const structure = readStructure(lines);
  model.sections = sectionProse(doc.raw, structure);
  const checks = checkReport(model, {
    previous: options.previous,
    structure: structure.headings.length ? structure : { headings: [] },
    text: lines.join('\n'),
    deadlineLevel: options.deadlineLevel,
    unprinted,
    truncated: truncated || tail.truncated,
  }).filter((f) => !(f.code === 'cell.blank' && f.where && suppressBlank.has(f.where)));
  // what reviewers check in a published report beyond checkReport's: the fee statement of 六
  if (!truncated && !tail.truncated) checks.push(...checkFeeStatement(model, structure));
  model.findings = [...findings, ...checks];
  return { model, structure, lines };
}
