/**
 * The explanation of the clock, shown on the case page to staff and applicant: one line per step,
 * each citing its article, then the days counted and skipped.
 */
import { type Calendar, type DayInfo, type IsoDate, isoDayNumber } from '../calendar/index.ts';
import { CHANNEL_LABELS, outcomeLeaf } from '../taxonomy/index.ts';
import { CONSULTATION_REPLY_WD, FEE_PAYMENT_WD, REPLY_PERIOD_WD } from './policies.ts';
import { SERVICE_DATE_RULES, SERVICE_METHOD_LABELS, type ServiceMethod } from './service.ts';
import { pauseCovering, type Span } from './spans.ts';
import { type ClockResult, type Explanation, PAUSE_LABELS, type Pause, type PauseKind } from './types.ts';

function runs(days: DayInfo[]): string[] {
  const out: string[] = [];
  let i = 0;
  while (i < days.length) {
    let j = i;
    while (j + 1 < days.length && sameRun(days[j + 1], days[i]) && isNextDay(days[j].date, days[j + 1].date)) j++;
    const d = days[i];
    const what = d.kind === 'holiday' ? `${d.name}放假` : '周末';
    out.push(i === j ? `${d.date} ${what}` : `${d.date} 至 ${days[j].date} ${what}（${j - i + 1}天）`);
    i = j + 1;
  }
  return out;
}

/** Same kind of rest day and same festival (the days of one run of skipped days). */
function sameRun(a: DayInfo, b: DayInfo): boolean {
  return a.kind === b.kind && (a.name ?? '') === (b.name ?? '');
}

function isNextDay(a: IsoDate, b: IsoDate): boolean {
  return isoDayNumber(b) - isoDayNumber(a) === 1;
}

function cite(articles: readonly string[]): string {
  return articles.length ? `（${articles.join('、')}）` : '';
}

/** 「2024-09-19 邮寄送达」 or 「尚待送达」. */
function servedText(served: IsoDate | null, method?: ServiceMethod): string {
  if (served === null) return '尚待送达';
  return method ? `${served}${SERVICE_METHOD_LABELS[method]}（${SERVICE_DATE_RULES[method]}）` : `${served}送达`;
}

function correctionLines(r: ClockResult): string[] {
  const lines: string[] = [];
  for (const c of r.corrections) {
    if (!c.effective) {
      lines.push(
        c.ineffective === 'second'
          ? `${c.requested} 再次告知补正：第三十条要求一次性告知，第二次补正通知记录在案，但不中止、也不重新计算答复期限，不能据此以「逾期不补正」终止。`
          : `${c.requested} 告知补正，已超过第三十条规定的7个工作日（应于${c.noticeDue}前告知）：记录在案，但不中止、也不重新计算答复期限，不能据此以「逾期不补正」终止。`,
      );
      if (c.received) lines.push(`${c.received} 收到申请人的补正材料（不重新计算答复期限）。`);
      continue;
    }
    const period = c.periodWorkingDays !== null ? `自收到告知书之日起${c.periodWorkingDays}个工作日` : '告知书所定';
    lines.push(
      `${c.requested} 发出补正告知书（第三十条：一次性告知），${servedText(c.served, c.serviceMethod)}；补正期限${period}${c.deadline ? `，至${c.deadline}` : '，送达后起算'}（第三十条）。`,
    );
    if (c.received) lines.push(`${c.received} 收到补正后的申请，答复期限自该日重新计算（第三十条），此前已计的工作日作废。`);
    else if (c.deadline) lines.push(`等待申请人补正；补正前答复期限不计算。${c.deadline}后仍未补正的，视为放弃申请（第三十条）。`);
    else lines.push('等待送达和补正；补正期限自申请人收到告知书之日起算，送达前不能以「逾期不补正」终止（第三十条）。');
  }
  return lines;
}

function consultationLines(r: ClockResult, pauses: readonly Pause[]): string[] {
  const lines: string[] = [];
  r.consultations.forEach((c, i) => {
    const article = c.party === 'third_party' ? '第三十二条' : '第三十四条';
    const who = c.party === 'third_party' ? '第三方' : '被征求意见机关';
    lines.push(
      `${c.sent} 发出征求意见书（${article}），${servedText(c.served, c.serviceMethod)}；${who}应自收到之日起${CONSULTATION_REPLY_WD}个工作日内提出意见${c.limit ? `，至${c.limit}` : '，送达后起算'}（${article}）${c.answered ? `；${c.answered} 收到意见` : ''}。`,
    );
    const p = pauses[i];
    if (p) lines.push(pauseLine(p));
  });
  return lines;
}

function pauseLine(p: Pause): string {
  const basis = p.kind === 'fee' ? '本平台政策：等待缴费期间不计入' : '第三十三条第三款';
  if (p.to === null) return `${p.from} 起${PAUSE_LABELS[p.kind]}，文书尚待送达，不计入答复期限的天数暂不确定（${basis}）。`;
  return `${p.from} ${PAUSE_LABELS[p.kind]}，${p.open ? '尚未结束，暂按期限届满' : '至'}${p.to}，其间${p.workingDays}个工作日不计入答复期限（${basis}）。`;
}

export function buildExplanation(cal: Calendar, r: ClockResult, merged: readonly Span[], pauses: readonly Pause[]): Explanation {
  const lines: string[] = [];
  const counted: IsoDate[] = [];
  const skipped: DayInfo[] = [];
  const makeupCounted: IsoDate[] = [];
  const paused: { date: IsoDate; kind: PauseKind }[] = [];
  if (r.channel && r.submittedDate) lines.push(`${r.submittedDate} 通过「${CHANNEL_LABELS[r.channel]}」提交申请。`);
  if (r.receiptDate === null) {
    lines.push(`尚待与申请人确认：${r.receiptRule}。确认之前答复期限不起算。`);
  } else {
    lines.push(`收到申请之日：${r.receiptDate}。${r.receiptRule}。`);
    if (r.decision?.onTheSpot) lines.push('当日作出答复，属当场答复（第三十三条第一款）。');
    lines.push(
      `答复期限：自收到申请之日起${REPLY_PERIOD_WD}个工作日（第三十三条第二款），收到当日不计入，从次日起算；周末和法定节假日不计，调休上班日计入。`,
    );
  }
  if (r.correctionNoticeDue) lines.push(`如需补正，应于${r.correctionNoticeDue}前一次性告知（第三十条：7个工作日内）。`);
  lines.push(...correctionLines(r));
  lines.push(...consultationLines(r, pauses));
  if (r.fee) {
    const f = r.fee;
    lines.push(
      `${f.sent} 发出收费通知（第四十二条，国办函〔2020〕109号）${f.amount !== undefined ? `，收费${f.amount}元` : ''}，${servedText(f.served, f.serviceMethod)}；应自收到通知次日起${FEE_PAYMENT_WD}个工作日内缴费${f.payBy ? `，至${f.payBy}` : '，送达后起算'}，${f.paid ? `${f.paid} 已缴费` : '尚未缴费'}。`,
    );
    const p = pauses.find((x) => x.kind === 'fee');
    if (p) lines.push(pauseLine(p));
  }
  if (r.extension) {
    lines.push(`${r.extension.approved} 经政府信息公开工作机构负责人同意，延长答复期限${r.extension.workingDays}个工作日（第三十三条第二款）。`);
  }
  if (r.deferral) {
    lines.push(
      `${r.deferral.date} 申请人申请公开政府信息的数量、频次明显超过合理范围，本机关认为申请理由合理，但是无法在第三十三条规定的期限内答复，确定延迟答复的合理期限至${r.deferral.until}并告知申请人（第三十五条）。`,
    );
  }
  if (r.periodStart && r.dueDate) {
    const days = cal.daysBetween(r.periodStart, r.dueDate);
    const s = cal.ordinalOf(r.periodStart);
    for (const d of days) {
      if (!d.workday) {
        skipped.push(d);
        continue;
      }
      const span = pauseCovering(merged, cal.ordinalOf(d.date), s);
      if (span) {
        paused.push({ date: d.date, kind: span.kind });
        continue;
      }
      counted.push(d.date);
      if (d.kind === 'makeup_workday') makeupCounted.push(d.date);
    }
    if (r.deferral && counted.length > REPLY_PERIOD_WD + r.extensionWorkingDays) counted.length = REPLY_PERIOD_WD + r.extensionWorkingDays;
    if (skipped.length) lines.push(`不计入的休息日：${runs(skipped).join('；')}。`);
    if (makeupCounted.length) lines.push(`计入的调休上班日：${makeupCounted.map((d) => `${d}（${cal.dayInfo(d).name}）`).join('、')}。`);
    if (paused.length) lines.push(`暂停计算的工作日共${r.excludedWorkingDays}天（多项征求意见重叠的只计一次）。`);
    lines.push(`计入的工作日：${counted.map((d, i) => `${i + 1}.${d.slice(5)}`).join(' ')}。`);
    lines.push(
      r.deferral && r.dueDate === r.deferral.until
        ? `答复期限届满日：${r.dueDate}（第三十五条确定的延迟答复期限）。`
        : `答复期限届满日：${r.dueDate}（第${REPLY_PERIOD_WD + r.extensionWorkingDays}个计入的工作日${r.dueDateProvisional ? '；征求意见或缴费尚未结束，为暂定日期' : ''}）。`,
    );
  } else if (r.state === 'awaiting_correction') {
    lines.push('答复期限待收到补正后的申请后重新起算（第三十条）。');
  } else if (r.periodStart && r.awaitingService.length) {
    lines.push('答复期限届满日：待送达——暂停计算的期间自文书送达后方能确定（第三十三条第三款）。');
  }
  if (r.decision) {
    const leaf = outcomeLeaf(r.decision.outcome);
    lines.push(`${r.decision.date} 作出答复：${leaf.label}${cite(leaf.articles)}${r.decision.late ? `，已超过答复期限${r.dueDate}` : ''}。`);
  }
  if (r.deliveredDate) lines.push(`${r.deliveredDate} 答复已送达。`);
  if (r.withdrawnDate) lines.push(`${r.withdrawnDate} 申请人撤回申请。`);
  if (r.today && r.workingDaysLeft !== null) {
    lines.push(
      r.overdue
        ? `截至${r.today}已逾期（超过${-r.workingDaysLeft}个工作日）。`
        : `截至${r.today}还剩${r.workingDaysLeft}个工作日${r.dueSoon ? '，即将到期' : ''}。`,
    );
  }
  if (r.closableAs) lines.push(`可按「${outcomeLeaf(r.closableAs).label}」终止办理${cite(outcomeLeaf(r.closableAs).articles)}。`);
  for (const w of r.warnings) lines.push(`注意：${w.message}。`);
  return { lines, counted, skipped, makeupCounted, paused };
}
