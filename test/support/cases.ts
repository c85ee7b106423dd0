/**
 * Cases for the casework suites (test/integration/applications/*-steps.test.ts), on a test database
 * with the demo data (db.ts), through the real use cases:
 *
 *   const cases = caseFixture(() => t.db);                 // or () => database.db
 *   const handler = await cases.actor('handler@zsj.demo');
 *   const id = await cases.newCase([{ type: 'correction_requested', … }]);   // handed in 2026-11-02
 *   const online = await cases.onlineCase();               // submitted by 张三 online, confirmed
 *   expect(await cases.attempt(handler, id, { step: 'serve_letter', … })).toBeNull();
 *   expect(await cases.lastLetter(id, 'receipt')).toContain('…');
 */
import { eq } from 'drizzle-orm';
import { expect } from 'vitest';
import type { Db } from '../../src/db/index.ts';
import { appendEvents } from '../../src/db/applications.ts';
import { applicationLetters, users } from '../../src/db/schema.ts';
import { loadUser } from '../../src/app/auth.ts';
import { storedLetter } from '../../src/app/applications/letters.ts';
import { registerByStaff, submitOnline } from '../../src/app/applications/intake.ts';
import { performStep } from '../../src/app/applications/steps.ts';
import { AppError } from '../../src/app/errors.ts';
import type { Actor } from '../../src/app/policies.ts';
import type { StepInput } from '../../src/app/steps/index.ts';
import type { CaseEvent } from '../../src/domain/applications/index.ts';
import { letterToText } from '../../src/domain/letters/index.ts';
import type { Channel } from '../../src/domain/taxonomy/index.ts';

export interface NewCaseOptions {
  /** The day it was handed in or signed for, the day it was received (default 2026-11-02). */
  submitted?: string;
  /** How it came (default in_person); one that needs confirming (平常信函, 传真, 电子邮件) is confirmed the same day. */
  channel?: Exclude<Channel, 'online'>;
  /** 居民身份证号码 on the application (links it to the account with that number and name). */
  idNumber?: string;
  applicantName?: string;
}

/** A step refused: its status, code and Chinese message. */
export interface Refusal {
  status: number;
  code: string;
  message: string;
}

export interface CaseFixture {
  /** A demo account as the use cases see it. */
  actor(email: string): Promise<Actor>;
  /** A case registered by the registrar of 220500-zsj (its 回执 issued), then `events` appended by the handler. */
  newCase(events?: CaseEvent[], options?: NewCaseOptions): Promise<number>;
  /** A case submitted online today by 张三 (zhangsan@applicant.demo) and confirmed by the registrar (its 回执 issued). */
  onlineCase(): Promise<number>;
  /** The step's refusal, or null when it was performed. */
  attempt(who: Actor, id: number, input: StepInput): Promise<Refusal | null>;
  /** The text of the case's last letter of `kind` (there must be one). */
  lastLetter(id: number, kind: string): Promise<string>;
}

export function caseFixture(db: () => Db): CaseFixture {
  async function actor(email: string): Promise<Actor> {
    const [u] = await db().select().from(users).where(eq(users.email, email));
    if (!u) throw new Error(`没有演示账号 ${email}`);
    return loadUser(db(), u);
  }
  async function attempt(who: Actor, id: number, input: StepInput): Promise<Refusal | null> {
    try {
      await performStep(db(), who, id, input);
      return null;
    } catch (e) {
      if (e instanceof AppError) return { status: e.statusCode, code: e.code, message: e.message };
      throw e;
    }
  }
  return {
    actor,
    attempt,
    async newCase(events = [], options = {}) {
      const submitted = options.submitted ?? '2026-11-02';
      const channel = options.channel ?? 'in_person';
      const app = await registerByStaff(db(), await actor('registrar@zsj.demo'), '220500-zsj', {
        channel,
        submittedDate: submitted,
        ...(['mail_unsigned', 'fax', 'email'].includes(channel) ? { confirmedDate: submitted } : {}),
        applicantType: 'natural',
        applicantName: options.applicantName ?? '张三',
        ...(options.idNumber ? { applicantIdNumber: options.idNumber } : {}),
        applicantPhone: '13900000000',
        subject: '物业服务招标文件',
        provisionForm: '纸质',
        deliveryMethod: '邮寄',
        oral: false,
      });
      if (events.length) await appendEvents(db(), app.id, events, (await actor('handler@zsj.demo')).userId);
      return app.id;
    },
    async onlineCase() {
      const app = await submitOnline(db(), await actor('zhangsan@applicant.demo'), {
        agencyCode: '220500-zsj',
        subject: '2026年政务服务大厦物业服务合同',
        provisionForm: '电子数据',
        deliveryMethod: '在线下载',
        attachments: [],
      });
      const refused = await attempt(await actor('registrar@zsj.demo'), app.id, { step: 'confirm' });
      if (refused) throw new Error(`确认收到申请失败：${refused.message}`);
      return app.id;
    },
    async lastLetter(id, kind) {
      const rows = (await db().select().from(applicationLetters).where(eq(applicationLetters.applicationId, id))).filter((r) => r.kind === kind);
      expect(rows.length, `申请 ${id} 没有${kind}文书`).toBeGreaterThan(0);
      return letterToText(storedLetter(rows.at(-1)!));
    },
  };
}
