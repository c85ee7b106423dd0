/**
 * 登记送达 of the notices to the applicant that open no period (申请接收回执, 延期答复告知书,
 * 征求意见告知书: NOTICE_LETTERS) on a real database — PGlite, and PostgreSQL when
 * GONGKAI_TEST_DATABASE_URL is set — through the use case (performStep, the console form) and the
 * API's step route: the form lists what awaits service with its date, the service is recorded once
 * and not before the letter, the applicant's letters and 办理记录 show its day and method, and no
 * due date moves (第三十一条, 第三十三条).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseKinds, describeDatabases } from '../../support/db.ts';
import { caseFixture } from '../../support/cases.ts';
import { startTestServer, type TestClient, type TestServer } from '../../support/server.ts';
import { lettersOf } from '../../../src/db/applications.ts';
import { applicantCase } from '../../../src/app/applications/applicant.ts';
import { loadCase } from '../../../src/app/applications/case.ts';
import { allowedSteps } from '../../../src/app/applications/present.ts';
import { timelineOf } from '../../../src/app/applications/timeline.ts';
import type { StepInput } from '../../../src/app/steps/index.ts';
import { letterServiceText, lettersAwaitingService } from '../../../src/domain/applications/index.ts';
import { renderStepForms, stepInputFromForm } from '../../../src/server/pages/step-forms.ts';

process.env.GONGKAI_TODAY = '2026-11-27';

/** 张三's 居民身份证号码 in the demo data: a staff-entered application with it is linked to the account. */
const ZHANGSAN_ID = '220502199001011230';

describeDatabases(
  '登记送达 of the notices to the applicant',
  (t) => {
    const { actor, newCase, onlineCase, attempt } = caseFixture(() => t.db);
    const applicantSees = async (id: number) => applicantCase(await loadCase(t.db, id), await lettersOf(t.db, id));

    it('a clerk records the 邮寄送达 of a letter application’s 回执; the applicant sees its day and method; no date moves', async () => {
      const registrar = await actor('registrar@zsj.demo');
      const id = await newCase([], { channel: 'mail_signed', idNumber: ZHANGSAN_ID });
      const before = await loadCase(t.db, id);
      expect(before.app.applicantUserId).not.toBeNull();
      const [receipt] = before.view.letters;
      expect(receipt).toMatchObject({ kind: 'receipt', date: '2026-11-02' });
      expect(allowedSteps(registrar, before)).toContain('serve_letter');
      const form = renderStepForms(before, ['serve_letter'], 't').toString();
      expect(form).toContain(`<option value="receipt:${receipt.letterId}">2026-11-02发出的申请接收回执（${receipt.number}）</option>`);
      expect(letterServiceText((await applicantSees(id)).letters[0].service)).toBe('邮寄送达（送达日期未登记）');

      // Proof for 邮寄送达; not before the letter; the reviewer may not.
      const posted = { step: 'serve_letter', letter: `receipt:${receipt.letterId}`, method: 'mail', proof: '' };
      expect(await attempt(registrar, id, stepInputFromForm({ ...posted, date: '2026-11-05' }, before) as StepInput)).toMatchObject({ status: 400, code: 'service.proof' });
      const early = await attempt(registrar, id, stepInputFromForm({ ...posted, date: '2026-11-01', proof: 'EMS1100223344' }, before) as StepInput);
      expect(early).toMatchObject({ status: 409, code: 'service.before_sending' });
      expect(early!.message).toContain('早于申请接收回执');
      expect((await attempt(await actor('reviewer@zsj.demo'), id, { step: 'serve_letter', date: '2026-11-05', letter: 'receipt', method: 'mail', proof: 'EMS1' }))?.status).toBe(403);
      expect((await loadCase(t.db, id)).recorded).toHaveLength(before.recorded.length);

      expect(await attempt(registrar, id, stepInputFromForm({ ...posted, date: '2026-11-05', proof: 'EMS1100223344' }, before) as StepInput)).toBeNull();
      const after = await loadCase(t.db, id);
      expect(after.recorded.at(-1)!.event).toEqual({ type: 'letter_served', date: '2026-11-05', letter: 'receipt', letterId: receipt.letterId, method: 'mail', proof: 'EMS1100223344' });
      expect(after.view.clock).toEqual(before.view.clock);
      expect(after.view.clock!.dueDate).toBe('2026-11-30');
      const line = timelineOf(after.recorded).at(-1)!;
      expect([line.label, line.detail]).toEqual(['文书送达', '申请接收回执，邮寄送达']);
      const mine = await applicantSees(id);
      expect(letterServiceText(mine.letters[0].service)).toBe('2026-11-05 邮寄送达');
      expect(mine.timeline.at(-1)).toMatchObject({ label: '申请接收回执送达', detail: '邮寄送达', date: '2026-11-05' });
      expect(JSON.stringify(mine.timeline)).not.toContain('EMS1100223344');

      // Served once: no longer offered, and refused in Chinese.
      expect(allowedSteps(registrar, after)).not.toContain('serve_letter');
      const twice = await attempt(registrar, id, { step: 'serve_letter', date: '2026-11-06', letter: 'receipt', letterId: receipt.letterId, method: 'direct', proof: '送达回证' });
      expect(twice).toEqual({ status: 409, code: 'service.twice', message: `该申请接收回执（${receipt.number}）已于2026-11-05邮寄送达，不能重复登记送达` });
      expect((await attempt(registrar, id, { step: 'serve_letter', date: '2026-11-06', letter: 'receipt', method: 'direct', proof: '送达回证' }))).toMatchObject({ status: 409, code: 'service.none_pending' });
    });

    it('延期答复告知书 and 征求意见告知书 by 直接送达, each by its letter; the clock’s own letters still move it; after the decision the 回执 can be recorded', async () => {
      const registrar = await actor('registrar@zsj.demo');
      const handler = await actor('handler@zsj.demo');
      const reviewer = await actor('reviewer@zsj.demo');
      const id = await newCase([], { channel: 'mail_signed' });
      expect(await attempt(handler, id, { step: 'consultation_send', date: '2026-11-03', party: 'third_party', consultee: '甲公司' })).toBeNull();
      expect(await attempt(handler, id, { step: 'extension_request', date: '2026-11-04', workingDays: 10, reason: '需要调取档案' })).toBeNull();
      expect(await attempt(reviewer, id, { step: 'extension_decide', date: '2026-11-05', approve: true })).toBeNull();
      const before = await loadCase(t.db, id);
      const letter = (kind: string) => before.view.letters.find((l) => l.kind === kind)!;
      expect(lettersAwaitingService(before.view).map((a) => a.letter)).toEqual(['consultation', 'receipt', 'consultation_notice', 'extension']);
      const options = [...renderStepForms(before, ['serve_letter'], 't').toString().matchAll(/<option value="([^"]+)">([^<]+)<\/option>/g)].map((m) => m[2]);
      expect(options.slice(0, 4)).toEqual([
        '2026-11-03发出的征求意见书（甲公司）',
        `2026-11-02发出的申请接收回执（${letter('receipt').number}）`,
        `2026-11-03发出的征求意见告知书（申请人）（${letter('consultation_notice').number}）`,
        `2026-11-05发出的延期答复告知书（${letter('extension').number}）`,
      ]);

      for (const kind of ['consultation_notice', 'extension'] as const) {
        expect(await attempt(registrar, id, { step: 'serve_letter', date: '2026-11-06', letter: kind, letterId: letter(kind).letterId, method: 'direct', proof: '送达回证' })).toBeNull();
      }
      const served = await loadCase(t.db, id);
      // The notices move nothing: the due date still waits for the 征求意见书's service (第三十二条, 第三十三条第三款).
      expect(served.view.clock).toEqual(before.view.clock);
      expect(served.view.clock!.dueDate).toBeNull();
      expect((await applicantSees(id)).letters.map((l) => [l.kind, letterServiceText(l.service)])).toEqual([
        ['receipt', '邮寄送达（送达日期未登记）'],
        ['consultation_notice', '2026-11-06 直接送达'],
        ['extension', '2026-11-06 直接送达'],
      ]);
      expect(await attempt(registrar, id, { step: 'serve_letter', date: '2026-11-06', letter: 'consultation', ref: '甲公司', method: 'mail', proof: 'EMS2' })).toBeNull();
      expect((await loadCase(t.db, id)).view.clock!.consultations[0]).toMatchObject({ served: '2026-11-06', limit: expect.stringMatching(/^2026-11-/) });

      const decided = await newCase(
        [
          { type: 'decision_proposed', date: '2026-11-03', outcome: 'public', details: {} },
          { type: 'decided', date: '2026-11-04', outcome: 'public' },
        ],
        { channel: 'mail_signed' },
      );
      const d = await loadCase(t.db, decided);
      expect(allowedSteps(registrar, d)).toContain('serve_letter');
      expect(await attempt(registrar, decided, { step: 'serve_letter', date: '2026-11-09', letter: 'receipt', method: 'mail', proof: 'EMS3' })).toBeNull();
      expect((await loadCase(t.db, decided)).view.letters[0].service).toEqual({ served: '2026-11-09', method: 'mail' });
    });

    it('an online application’s letters are served 电子送达 as they reach the account: nothing awaits, a 登记送达 is refused', async () => {
      const registrar = await actor('registrar@zsj.demo');
      const id = await onlineCase();
      const c = await loadCase(t.db, id);
      const [receipt] = c.view.letters;
      expect(receipt.kind).toBe('receipt');
      expect(lettersAwaitingService(c.view)).toEqual([]);
      expect(allowedSteps(registrar, c)).not.toContain('serve_letter');
      expect(letterServiceText((await applicantSees(id)).letters[0].service)).toBe('2026-11-27 电子送达');
      const refused = await attempt(registrar, id, { step: 'serve_letter', letter: 'receipt', letterId: receipt.letterId, method: 'mail', proof: 'EMS4' });
      expect(refused).toMatchObject({ status: 409, code: 'service.twice' });
      expect(refused!.message).toContain('电子送达');
    });
  },
  { demo: true },
);

for (const kind of databaseKinds()) {
  describe(`登记送达 of a 回执 through the API [${kind}]`, () => {
    let server: TestServer;
    let registrar: TestClient;
    let applicant: TestClient;
    beforeAll(async () => {
      server = await startTestServer({ kind });
      registrar = server.client();
      await registrar.login('registrar@zsj.demo');
      applicant = server.client();
      await applicant.login('zhangsan@applicant.demo');
    });
    afterAll(async () => {
      await server?.close();
    });

    it('the step route records it; a second time is a Chinese 409; the applicant’s answer shows the day and method', async () => {
      const reg = await registrar.api.POST('/api/agencies/{code}/applications', {
        params: { path: { code: '220500-zsj' } },
        body: {
          channel: 'mail_signed',
          submittedDate: '2026-11-16',
          applicantType: 'natural',
          applicantName: '张三',
          applicantIdNumber: ZHANGSAN_ID,
          applicantAddress: '吉林省通化市东昌区演示街1号',
          subject: '2026年政务服务大厦物业服务合同',
          provisionForm: '纸质',
          deliveryMethod: '邮寄',
        },
      });
      expect(reg.response.status, JSON.stringify(reg.error)).toBe(201);
      const id = reg.data!.application.id;
      const staffView = (await registrar.api.GET('/api/applications/{id}', { params: { path: { id } } })).data!.application;
      const receipt = staffView.letters.find((l) => l.kind === 'receipt')!;
      expect(staffView.actions.map((a) => a.step)).toContain('serve_letter');
      const body = { step: 'serve_letter' as const, date: '2026-11-18', letter: 'receipt' as const, letterId: receipt.id, method: 'mail' as const, proof: 'EMS9988776655' };
      const res = await registrar.api.POST('/api/applications/{id}/steps', { params: { path: { id } }, body });
      expect(res.response.status, JSON.stringify(res.error)).toBe(200);
      expect(res.data!.application.timeline.at(-1)).toMatchObject({ label: '文书送达', detail: '申请接收回执，邮寄送达', date: '2026-11-18' });
      const again = await registrar.api.POST('/api/applications/{id}/steps', { params: { path: { id } }, body });
      expect(again.response.status).toBe(409);
      expect(again.error).toMatchObject({ error: { code: 'service.twice', message: expect.stringContaining('已于2026-11-18邮寄送达，不能重复登记送达') } });

      const mine = (await applicant.api.GET('/api/applications/{id}', { params: { path: { id } } })).data!.application;
      expect(mine.letters.map((l) => [l.kind, l.service])).toEqual([['receipt', { status: 'served', date: '2026-11-18', method: '邮寄送达', text: '2026-11-18 邮寄送达' }]]);
      expect(mine.timeline.map((l) => [l.label, l.detail])).toContainEqual(['申请接收回执送达', '邮寄送达']);
      expect(JSON.stringify(mine)).not.toContain('EMS9988776655');
    });
  });
}
