/**
 * 第三十五条 as case steps through the use case (performStep), on PGlite and PostgreSQL: 要求说明理由
 * (the 说明理由告知书), then 审查申请理由 — 不合理 → a drafted 不予处理 of row （五）4 approved by the
 * reviewer; 合理但无法按期答复 → 延迟答复 (the due date becomes the date set, the 延迟答复告知书);
 * 合理 → nothing moves. And what the article does not allow.
 */
import { expect, it } from 'vitest';
import { describeDatabases } from '../../support/db.ts';
import { caseFixture } from '../../support/cases.ts';
import { loadCase } from '../../../src/app/applications/case.ts';
import { allowedSteps } from '../../../src/app/applications/present.ts';
import { timelineOf } from '../../../src/app/applications/timeline.ts';
import { loadFacts } from '../../../src/app/reports/facts.ts';
import { compileReport } from '../../../src/domain/report/compile.ts';

process.env.GONGKAI_TODAY = '2026-11-27';

describeDatabases(
  '第三十五条 steps',
  (t) => {
    /** Cases handed in on 2026-11-02 (received that day; due 2026-11-30 by 第三十三条). */
    const { actor, newCase, attempt, lastLetter } = caseFixture(() => t.db);
    const GROUNDS = '2026年11月1日至2日向本机关提出政府信息公开申请120件';

    it('要求说明理由: the 说明理由告知书 in the article’s words; the reply period runs on (policy)', async () => {
      const handler = await actor('handler@zsj.demo');
      const id = await newCase();
      const before = (await loadCase(t.db, id)).view.clock!.dueDate;
      expect(before).toBe('2026-11-30');
      expect(allowedSteps(handler, await loadCase(t.db, id))).toContain('explanation_request');
      expect(await attempt(handler, id, { step: 'explanation_request', date: '2026-11-10', grounds: GROUNDS })).toBeNull();
      const c = await loadCase(t.db, id);
      expect(c.view.explanation).toEqual({ requested: '2026-11-10', grounds: GROUNDS, assessed: null });
      expect(c.view.clock!.dueDate).toBe(before);
      expect(c.view.clock!.explanation!.lines.join('\n')).toContain('第三十五条未规定要求说明理由中止答复期限，答复期限照常计算');
      const text = await lastLetter(id, 'explanation_request');
      expect(text).toContain('政府信息公开申请说明理由告知书');
      expect(text).toContain(`您申请公开政府信息的数量、频次明显超过合理范围（${GROUNDS}）`);
      expect(text).toContain('《中华人民共和国政府信息公开条例》第三十五条');
      expect(text).toContain('本机关要求您说明理由');
      expect(text).toContain('认为申请理由合理，但是无法在《中华人民共和国政府信息公开条例》第三十三条规定的期限内答复您的，可以确定延迟答复的合理期限并告知您');
      const line = timelineOf(c.recorded).find((l) => l.type === 'explanation_requested')!;
      expect([line.label, line.detail]).toEqual(['要求申请人说明理由（第三十五条）', GROUNDS]);
      // Once only; the step is no longer offered.
      expect(allowedSteps(handler, c)).not.toContain('explanation_request');
      expect(await attempt(handler, id, { step: 'explanation_request', date: '2026-11-11', grounds: GROUNDS })).toMatchObject({ status: 409, code: 'explanation.twice' });
    });

    it('合理但无法按期答复: the date set replaces 第三十三条’s, told by the 延迟答复告知书', async () => {
      const handler = await actor('handler@zsj.demo');
      const id = await newCase([{ type: 'explanation_requested', date: '2026-11-10', grounds: GROUNDS }]);
      // The date must be later than 2026-11-30 and a working day; the conclusion needs it.
      expect(await attempt(handler, id, { step: 'explanation_assess', date: '2026-11-20', conclusion: 'reasonable_deferred' })).toMatchObject({ status: 400, code: 'deferral.until' });
      expect(await attempt(handler, id, { step: 'explanation_assess', date: '2026-11-20', conclusion: 'reasonable_deferred', until: '2026-11-27' })).toMatchObject({
        status: 409,
        code: 'deferral.not_later',
      });
      expect(await attempt(handler, id, { step: 'explanation_assess', date: '2026-11-20', conclusion: 'reasonable_deferred', until: '2026-12-26' })).toMatchObject({
        status: 409,
        code: 'deferral.not_workday',
      });
      expect((await loadCase(t.db, id)).view.explanation!.assessed).toBeNull();
      expect(
        await attempt(handler, id, { step: 'explanation_assess', date: '2026-11-20', conclusion: 'reasonable_deferred', statement: '课题研究需要', until: '2026-12-31' }),
      ).toBeNull();
      const c = await loadCase(t.db, id);
      expect(c.view.clock!.dueDate).toBe('2026-12-31');
      expect(c.view.clock!.deferral).toMatchObject({ date: '2026-11-20', until: '2026-12-31' });
      const explained = c.view.clock!.explanation!.lines.join('\n');
      expect(explained).toContain('认为申请理由合理，但是无法在第三十三条规定的期限内答复，确定延迟答复的合理期限至2026-12-31并告知申请人（第三十五条）');
      expect(explained).toContain('（申请人说明：课题研究需要）');
      const text = await lastLetter(id, 'deferral');
      expect(text).toContain('政府信息公开申请延迟答复告知书');
      expect(text).toContain('本机关已于2026年11月10日要求您说明理由');
      expect(text).toContain('本机关认为申请理由合理，但是无法在《中华人民共和国政府信息公开条例》第三十三条规定的期限内答复您');
      expect(text).toContain('本机关确定延迟答复的合理期限，将于2026年12月31日前作出答复');
      // No extension after a deferral; no second judgment.
      expect(await attempt(handler, id, { step: 'explanation_assess', date: '2026-11-21', conclusion: 'reasonable' })).toMatchObject({ status: 409 });
    });

    it('不合理: a 不予处理 of row （五）4 drafted, approved by the reviewer, counted in the report', async () => {
      const handler = await actor('handler@zsj.demo');
      const reviewer = await actor('reviewer@zsj.demo');
      const id = await newCase([{ type: 'explanation_requested', date: '2026-11-10', grounds: GROUNDS }]);
      expect(await attempt(handler, id, { step: 'explanation_assess', date: '2026-11-17', conclusion: 'unreasonable' })).toBeNull();
      let c = await loadCase(t.db, id);
      expect(c.view.pendingDecision).toMatchObject({ outcome: 'not_handled.excessive', details: { explanationRequestDate: '2026-11-10' } });
      expect(await attempt(reviewer, id, { step: 'decision_review', date: '2026-11-18', approve: true })).toBeNull();
      c = await loadCase(t.db, id);
      expect(c.view.decision?.outcome).toBe('not_handled.excessive');
      const text = await lastLetter(id, 'not_handled');
      expect(text).toContain('本机关已于2026年11月10日要求您说明理由。经审查，本机关认为申请理由不合理');
      expect(text).toContain('第三十五条');
      expect(text).toContain('本机关不予处理');
      const facts = (await loadFacts(t.db, c.app.agencyId, 2026)).facts;
      const report = compileReport(facts).model;
      expect(report.applications['not_handled.excessive'].natural).toBeGreaterThanOrEqual(1);
      expect(facts.applications.find((a) => a.outcome === 'not_handled.excessive')).toBeTruthy();
    });

    it('合理: nothing moves; a 第三十五条 不予处理 or a deferral without the judgment the article ties it to is refused', async () => {
      const handler = await actor('handler@zsj.demo');
      const id = await newCase();
      expect(await attempt(handler, id, { step: 'decision_propose', date: '2026-11-10', outcome: 'not_handled.excessive', details: {} })).toMatchObject({
        status: 409,
        code: 'decision.excessive_unassessed',
      });
      expect(await attempt(handler, id, { step: 'explanation_assess', date: '2026-11-10', conclusion: 'reasonable' })).toMatchObject({ status: 409 });
      expect(await attempt(handler, id, { step: 'explanation_request', date: '2026-11-10', grounds: GROUNDS })).toBeNull();
      expect(await attempt(handler, id, { step: 'explanation_assess', date: '2026-11-12', conclusion: 'reasonable', until: '2026-12-31' })).toMatchObject({ status: 400 });
      expect(await attempt(handler, id, { step: 'explanation_assess', date: '2026-11-12', conclusion: 'reasonable', statement: '用于诉讼' })).toBeNull();
      const c = await loadCase(t.db, id);
      expect(c.view.clock!.dueDate).toBe('2026-11-30');
      expect(c.view.clock!.deferral).toBeNull();
      expect(await attempt(handler, id, { step: 'decision_propose', date: '2026-11-13', outcome: 'not_handled.excessive', details: {} })).toMatchObject({
        code: 'decision.excessive_unassessed',
      });
    });
  },
  { demo: true },
);
