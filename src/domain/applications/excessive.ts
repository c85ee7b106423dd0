/**
 * 第三十五条 (大量、频繁): 「申请人申请公开政府信息的数量、频次明显超过合理范围，行政机关可以要求申请人说明理由。
 * 行政机关认为申请理由不合理的，告知申请人不予处理；行政机关认为申请理由合理，但是无法在本条例第三十三条规定的
 * 期限内答复申请人的，可以确定延迟答复的合理期限并告知申请人。」
 *
 * The article's acts, each an event of the case:
 * - the agency asks the applicant to state reasons (`explanation_requested`, with the facts that make
 *   the number or frequency clearly exceed a reasonable range) — the 说明理由告知书;
 * - it judges the reasons (`explanation_assessed`), one of three conclusions:
 *   `unreasonable` → 告知申请人不予处理: a decision of row （五）4「无正当理由大量反复申请」, drafted and
 *   approved like every decision (the 不予处理告知书 cites 第三十五条); `reasonable` → handled as any
 *   application, within 第三十三条's period; `reasonable_deferred` → 确定延迟答复的合理期限并告知申请人:
 *   the clock's `reply_deferred` (the new due date replaces 第三十三条's, src/domain/clock) and the
 *   延迟答复告知书.
 *
 * Where the article is silent, the choices are policies of the clock (src/domain/clock/policies.ts:
 * EXPLANATION_REQUEST_STOPS_CLOCK, DEFERRAL_MAX_WD). Pure.
 */
import type { IsoDate } from '../calendar/index.ts';
import { EXPLANATION_REQUEST_STOPS_CLOCK } from '../clock/policies.ts';
import type { ClockResult } from '../clock/index.ts';
import type { CaseEvent } from './events.ts';

export const ARTICLE_35 =
  '申请人申请公开政府信息的数量、频次明显超过合理范围，行政机关可以要求申请人说明理由。行政机关认为申请理由不合理的，告知申请人不予处理；行政机关认为申请理由合理，但是无法在本条例第三十三条规定的期限内答复申请人的，可以确定延迟答复的合理期限并告知申请人。';

export const EXPLANATION_CONCLUSIONS = ['unreasonable', 'reasonable', 'reasonable_deferred'] as const;
export type ExplanationConclusion = (typeof EXPLANATION_CONCLUSIONS)[number];

/** The conclusions in the article's words. */
export const EXPLANATION_CONCLUSION_LABELS: Record<ExplanationConclusion, string> = {
  unreasonable: '申请理由不合理，告知申请人不予处理',
  reasonable: '申请理由合理，在第三十三条规定的期限内答复',
  reasonable_deferred: '申请理由合理，但是无法在第三十三条规定的期限内答复，确定延迟答复的合理期限',
};

export interface ExplanationState {
  /** The day the agency asked for reasons (可以要求申请人说明理由). */
  requested: IsoDate;
  /** Why the number or frequency clearly exceeds a reasonable range (stated in the 说明理由告知书). */
  grounds: string;
  /** The agency's judgment of the reasons, once made. */
  assessed: { date: IsoDate; conclusion: ExplanationConclusion; statement: string | null } | null;
}

/** The 第三十五条 procedure of a case, from its events (null: reasons were never asked for). */
export function explanationOf(events: readonly CaseEvent[]): ExplanationState | null {
  let state: ExplanationState | null = null;
  for (const e of events) {
    if (e.type === 'explanation_requested') state = { requested: e.date, grounds: e.grounds, assessed: null };
    else if (e.type === 'explanation_assessed' && state !== null) {
      const s: ExplanationState = state;
      s.assessed = { date: e.date, conclusion: e.conclusion, statement: e.statement ?? null };
    }
  }
  return state;
}

export interface Refusal {
  code: string;
  message: string;
}

/**
 * The article's order of acts for one more event of a case (null: nothing against it): reasons are
 * asked for once, before a decision; judged once; a 不予处理 under 第三十五条 and a 延迟答复 follow the
 * judgment that the article ties them to.
 */
export function checkExplanationEvent(state: ExplanationState | null, clock: ClockResult, event: CaseEvent): Refusal | null {
  const fail = (code: string, message: string): Refusal => ({ code, message });
  switch (event.type) {
    case 'explanation_requested':
      if (clock.receiptDate === null) return fail('event.before_receipt', '申请尚未确认收到（第三十一条），不能要求说明理由');
      if (clock.decision) return fail('case.decided', `申请已于${clock.decision.date}作出答复，不能再要求说明理由`);
      if (clock.state === 'awaiting_correction') return fail('explanation.awaiting_correction', '申请正在等待补正，答复期限尚未起算，请在收到补正后再要求说明理由');
      if (state) return fail('explanation.twice', `已于${state.requested}要求申请人说明理由（第三十五条），不再重复要求`);
      if (!event.grounds.trim()) return fail('explanation.grounds', '请写明申请数量、频次明显超过合理范围的情况（第三十五条）');
      return null;
    case 'explanation_assessed':
      if (!state) return fail('explanation.none', '尚未要求申请人说明理由（第三十五条），无从审查理由');
      if (state.assessed) return fail('explanation.assessed_twice', `已于${state.assessed.date}审查申请理由`);
      if (event.date < state.requested) return fail('explanation.before_request', `审查日期${event.date}早于要求说明理由的日期${state.requested}`);
      if (clock.decision) return fail('case.decided', `申请已于${clock.decision.date}作出答复`);
      return null;
    case 'reply_deferred':
      if (state?.assessed?.conclusion !== 'reasonable_deferred') {
        return fail('deferral.not_assessed', '确定延迟答复期限须先要求申请人说明理由，并认定理由合理但无法在第三十三条规定的期限内答复（第三十五条）');
      }
      if (event.explanationRequested !== state.requested) {
        return fail('deferral.request_date', `要求说明理由的日期应为${state.requested}`);
      }
      return null;
    case 'decision_proposed':
      if (event.outcome === 'not_handled.excessive' && state?.assessed?.conclusion !== 'unreasonable') {
        return fail(
          'decision.excessive_unassessed',
          state
            ? `「无正当理由大量反复申请」须以认定申请理由不合理为前提（第三十五条：行政机关认为申请理由不合理的，告知申请人不予处理）`
            : '「无正当理由大量反复申请」须先要求申请人说明理由，并认定理由不合理（第三十五条）',
        );
      }
      return null;
    default:
      return null;
  }
}

/** The lines the case page's explanation adds for the procedure (the deferral's own line is the clock's). */
export function explanationLines(state: ExplanationState | null): string[] {
  if (!state) return [];
  const lines = [
    `${state.requested} 申请数量、频次明显超过合理范围（${state.grounds}），要求申请人说明理由（第三十五条）；` +
      (EXPLANATION_REQUEST_STOPS_CLOCK ? '说明理由期间答复期限中止。' : '第三十五条未规定要求说明理由中止答复期限，答复期限照常计算。'),
  ];
  if (state.assessed) {
    lines.push(
      `${state.assessed.date} 审查申请理由${state.assessed.statement ? `（申请人说明：${state.assessed.statement}）` : '（申请人未说明理由）'}：认为${EXPLANATION_CONCLUSION_LABELS[state.assessed.conclusion]}（第三十五条）。`,
    );
  }
  return lines;
}
