/**
 * Command line of the statutory core: `calendar is-workday DATE`, `calendar add DATE N`,
 * `deadline --received DATE [--channel C] [--today DATE]`, `deadline --history FILE.json [--format json]`
 * (deadline.ts), `fees --pieces N [--already M]`, `fees --pages N`.
 * The answer is the first line of standard output (a date, true/false, or an amount in 元); the
 * explanation follows. Uses the built-in calendar years (2019–2026).
 *
 * Calendar administration (on the database, like the server): `calendar import FILE [--notice 文号]
 * [--notice-title 标题] [--format json|csv]` stores a year added or corrected by the administrator
 * (first line: the years stored, e.g. `2027`; then each year and every open application whose due
 * date moved, with why); `calendar years` lists the years the installation knows with their notice.
 */
import { readCsvFile } from './csv-file.ts';
import type { Command } from 'commander';
import type { ClockEvent } from '../domain/clock/index.ts';
import { computeFee } from '../domain/fees/index.ts';
import { deadlineFromHistoryFile } from './deadline.ts';
import { CHANNELS, type Channel } from '../domain/taxonomy/index.ts';
import { withDatabase } from './database.ts';

/** The calendar (its validation loads zod and a CSV parser) is loaded when a command runs, not for `--help`. */
const calendar = () => import('../domain/calendar/index.ts');

function count(s: string, what: string): number {
  if (!/^\d+$/.test(s.trim())) throw new Error(`${what}「${s}」无效，应为不小于 0 的整数`);
  return Number(s.trim());
}

function print(answer: string, lines: string[]) {
  process.stdout.write(`${answer}\n${lines.join('\n')}${lines.length ? '\n' : ''}`);
}

export function register(program: Command): void {
  const cal = program.command('calendar').description('工作日历：法定节假日与调休（2019–2026年内置）');

  cal
    .command('is-workday')
    .description('某日是否工作日（第一行输出 true 或 false）')
    .argument('<date>', '日期 YYYY-MM-DD')
    .action(async (date: string) => {
      const { defaultCalendar, parseIsoDate } = await calendar();
      parseIsoDate(date);
      const info = defaultCalendar.dayInfo(date);
      print(String(info.workday), [info.label]);
    });

  cal
    .command('add')
    .description('DATE 之后的第 N 个工作日（DATE 当日不计）')
    .argument('<date>', '起算日期 YYYY-MM-DD')
    .argument('<n>', '工作日数')
    .action(async (date: string, n: string) => {
      const { defaultCalendar, parseIsoDate, weekdayLabel } = await calendar();
      parseIsoDate(date);
      const days = count(n, '工作日数');
      const result = defaultCalendar.addWorkingDays(date, days);
      const skipped = defaultCalendar.daysBetween(date, result).filter((d) => !d.workday || d.kind === 'makeup_workday');
      print(result, [
        `${date}（${weekdayLabel(date)}）之后第${days}个工作日是 ${result}（${weekdayLabel(result)}），起算日当日不计。`,
        ...skipped.map((d) => (d.workday ? `计入 ${d.label}` : `不计 ${d.label}`)),
      ]);
    });

  program
    .command('deadline')
    .description('依申请公开的答复期限（第三十三条：收到申请之日起20个工作日）；--history 读取办理记录（补正、征求意见、收费、送达、延期）')
    .option('--received <date>', '收到申请之日 YYYY-MM-DD（第三十一条）')
    .option('--channel <channel>', `提交渠道：${CHANNELS.join('、')}`, 'in_person')
    .option('--today <date>', '以该日为今天，显示剩余工作日')
    .option('--history <file>', '办理记录 JSON 文件（contracts.md §6），与 --received 二者选一')
    .option('--format <format>', 'text 或 json（仅用于 --history）', 'text')
    .action(async (opts: { received?: string; channel: string; today?: string; history?: string; format: string }) => {
      const { defaultCalendar, parseIsoDate } = await calendar();
      const { computeClock, needsConfirmation } = await import('../domain/clock/index.ts');
      if (opts.history !== undefined) {
        if (opts.received !== undefined) throw new Error('--history 与 --received 只能选一个');
        if (opts.format !== 'text' && opts.format !== 'json') throw new Error(`格式「${opts.format}」无效，应为 text 或 json`);
        process.stdout.write(await deadlineFromHistoryFile(opts.history, opts.format, defaultCalendar));
        return;
      }
      if (opts.received === undefined) throw new Error('请指定 --received DATE 或 --history FILE.json');
      parseIsoDate(opts.received, '收到申请之日');
      if (opts.today !== undefined) parseIsoDate(opts.today, '今天的日期');
      if (!(CHANNELS as readonly string[]).includes(opts.channel)) {
        throw new Error(`提交渠道「${opts.channel}」未知，应为 ${CHANNELS.join('、')} 之一`);
      }
      const channel = opts.channel as Channel;
      const events: ClockEvent[] = [{ type: 'submitted', date: opts.received, channel }];
      if (needsConfirmation(channel)) events.push({ type: 'receipt_confirmed', date: opts.received });
      const r = computeClock(events, { calendar: defaultCalendar, today: opts.today });
      print(r.dueDate ?? '', r.explanation?.lines ?? []);
    });

  program
    .command('fees')
    .description('信息处理费（国办函〔2020〕109号）：--pieces 按件，或 --pages 按量，二者选一')
    .option('--pieces <n>', '按件计收：本次申请件数')
    .option('--already <m>', '按件计收：同一申请人本自然月已申请的件数', '0')
    .option('--pages <n>', '按量计收：页数')
    .action((opts: { pieces?: string; already: string; pages?: string }) => {
      if (opts.pieces !== undefined && opts.pages !== undefined) {
        throw new Error('同一件申请只能选择按件（--pieces）或按量（--pages）一种方式计收（国办函〔2020〕109号第三条）');
      }
      if (opts.pieces === undefined && opts.pages === undefined) {
        throw new Error('请指定 --pieces N（按件）或 --pages N（按量）');
      }
      const r =
        opts.pieces !== undefined
          ? computeFee({ method: 'pieces', pieces: count(opts.pieces, '件数'), alreadyThisMonth: count(opts.already, '本月已申请件数') })
          : computeFee({ method: 'pages', pages: count(opts.pages!, '页数') });
      print(String(r.amount), r.lines);
    });

  cal
    .command('import')
    .description('录入或更正某年的放假调休安排（JSON 或 CSV；第一行输出录入的年份，其后列出答复期限变化的在办申请）')
    .argument('<file>', 'JSON（一个或多个年份）或 CSV（表头 date,kind,name）文件')
    .option('--notice <文号>', '国务院办公厅通知的文号，例如 国办发明电〔2026〕7号（CSV 须注明依据）')
    .option('--notice-title <标题>', '通知标题（默认：国务院办公厅关于YYYY年部分节假日安排的通知）')
    .option('--format <format>', 'json 或 csv（默认按文件内容判断）')
    .action(async (file: string, opts: { notice?: string; noticeTitle?: string; format?: string }) => {
      if (opts.format !== undefined && opts.format !== 'json' && opts.format !== 'csv') throw new Error(`格式「${opts.format}」无效，应为 json 或 csv`);
      const text = readCsvFile(file);
      const { importCalendar } = await import('../app/calendar/years.ts');
      const { SYSTEM } = await import('../app/policies.ts');
      await withDatabase(async (database) => {
        const r = await importCalendar(
          database.db,
          { text, notice: opts.notice, noticeTitle: opts.noticeTitle, format: opts.format as 'json' | 'csv' | undefined },
          SYSTEM,
        );
        const lines = r.years.map(
          (y) => `${y.year}年：${y.replaced === 'builtin' ? '更正内置安排' : y.replaced === 'entered' ? '更正已录入的安排' : '新增'}，放假${y.holidays}天、调休上班${y.workdays}天，依据：${y.source}`,
        );
        lines.push(r.changes.length ? `答复期限等日期发生变化的在办申请 ${new Set(r.changes.map((c) => c.applicationId)).size} 件：` : '没有在办申请的期限因此变化。');
        for (const c of r.changes) {
          lines.push(`${c.agencyCode}\t${c.number}\t${c.fieldLabel}\t${c.old ?? '待定'} → ${c.new ?? '待定'}${c.reasons.length ? `\t${c.reasons.join('；')}` : ''}`);
        }
        print(r.years.map((y) => y.year).join(','), lines);
      });
    });

  cal
    .command('years')
    .description('列出工作日历已有的年份及其依据（每行：年份、制表符、来源、制表符、依据）')
    .action(async () => {
      const { listCalendarYears } = await import('../app/calendar/years.ts');
      const { SYSTEM } = await import('../app/policies.ts');
      await withDatabase(async (database) => {
        for (const y of await listCalendarYears(database.db, SYSTEM)) {
          process.stdout.write(`${y.year}\t${y.origin === 'builtin' ? '内置' : y.replacesBuiltin ? '录入（更正内置）' : '录入'}\t${y.source}\n`);
        }
      });
    });
}
