/**
 * 要求说明理由 (第三十五条): 「申请人申请公开政府信息的数量、频次明显超过合理范围，行政机关可以要求申请人说明理由。」
 * The agency states the facts that make the number or frequency clearly exceed a reasonable range
 * and asks for reasons; the 说明理由告知书 (宿政办函〔2021〕21号 form 4) tells the applicant what follows
 * in the article's words. Asking does not stop the reply period (EXPLANATION_REQUEST_STOPS_CLOCK,
 * src/domain/clock/policies.ts): the judgment (explanation-assess.ts) comes before it ends.
 */
import { ARTICLE_35, isActive } from '../../domain/applications/index.ts';
import { EXPLANATION_REQUEST_STOPS_CLOCK } from '../../domain/clock/index.ts';
import { text } from '../applications/schemas.ts';
import { defineStep } from './types.ts';

export const explanationRequest = defineStep({
  name: 'explanation_request',
  label: '要求说明理由',
  action: 'application.handle',
  input: { grounds: text('申请数量、频次明显超过合理范围的情况', 500) },
  available: (view) => isActive(view) && !view.explanation && !view.pendingDecision && !view.clock?.deferral,
  events: ({ date }, input) => [{ type: 'explanation_requested', date, grounds: input.grounds }],
  async letters(l, input) {
    await l.issue('explanation_request', { ...l.base(), explanationGrounds: input.grounds });
  },
  form: () => ({
    button: '发出说明理由告知书',
    fields: [
      { kind: 'note', hint: true, text: `第三十五条：「${ARTICLE_35}」` },
      { kind: 'date' },
      {
        kind: 'textarea',
        name: 'grounds',
        id: 'f-grounds',
        label: '申请数量、频次明显超过合理范围的情况（如：某月内提出申请若干件）',
        rows: 2,
        required: true,
      },
      {
        kind: 'note',
        hint: true,
        text: EXPLANATION_REQUEST_STOPS_CLOCK ? '要求说明理由期间答复期限中止。' : '第三十五条未规定要求说明理由中止答复期限：答复期限照常计算，请在期限届满前审查理由。',
      },
    ],
  }),
  timeline: { explanation_requested: (e) => e.grounds },
});
