/**
 * The staff inbox's 「可结案」 flag and filter (src/app/applications/queries.ts), on PGlite and
 * PostgreSQL: derived from the events as of today through the domain's closableAs — the applicant's
 * period counted from the day its letter was served, never from the day it was sent.
 */
import { expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { describeDatabases } from '../../support/db.ts';
import { appendEvents } from '../../../src/db/applications.ts';
import { users } from '../../../src/db/schema.ts';
import { loadUser } from '../../../src/app/auth.ts';
import { registerByStaff } from '../../../src/app/applications/intake.ts';
import { inbox } from '../../../src/app/applications/queries.ts';
import type { Actor } from '../../../src/app/policies.ts';
import type { CaseEvent } from '../../../src/domain/applications/index.ts';

process.env.GONGKAI_TODAY = '2026-11-27';

describeDatabases(
  'inbox 可结案',
  (t) => {
    async function actor(email: string): Promise<Actor> {
      const [u] = await t.db.select().from(users).where(eq(users.email, email));
      return loadUser(t.db, u);
    }
    async function newCase(subject: string, events: CaseEvent[]): Promise<string> {
      const registrar = await actor('registrar@zsj.demo');
      const app = await registerByStaff(t.db, registrar, '220500-zsj', {
        channel: 'in_person',
        submittedDate: '2026-10-12',
        applicantType: 'natural',
        applicantName: '赵某',
        applicantPhone: '13900004444',
        subject,
        provisionForm: '纸质',
        deliveryMethod: '邮寄',
        oral: false,
      });
      await appendEvents(t.db, app.id, events, registrar.userId);
      return app.number;
    }

    it('flags lapsed 补正 and fee periods by the served day, and the filter lists only those', async () => {
      const handler = await actor('handler@zsj.demo');
      // Served 10-13: 15 WD end 11-03 → closable on 11-27.
      const lapsed = await newCase('补正已逾期', [{ type: 'correction_requested', date: '2026-10-13', periodWorkingDays: 15, served: '2026-10-13', serviceMethod: 'direct' }]);
      // Sent 10-13 by post, signed for 11-20: the period runs to 12-11 → not yet.
      const servedLate = await newCase('邮寄送达较晚', [
        { type: 'correction_requested', date: '2026-10-13', periodWorkingDays: 15, served: null },
        { type: 'letter_served', date: '2026-11-20', letter: 'correction', method: 'mail', proof: 'EMS1' },
      ]);
      // Still 待送达: no period has started.
      const unserved = await newCase('补正待送达', [{ type: 'correction_requested', date: '2026-10-13', periodWorkingDays: 15, served: null }]);
      // Fee notice served 10-14: 20 WD from the next day end 11-11 → closable.
      const fee = await newCase('逾期未缴费', [{ type: 'fee_notice_sent', date: '2026-10-14', amount: 100, computedAmount: 100, served: '2026-10-14', serviceMethod: 'electronic' }]);

      const all = await inbox(t.db, handler, '220500-zsj', { status: 'open' });
      const by = (n: string) => all.find((i) => i.app.number === n)!;
      expect(by(lapsed).closable).toMatchObject({ as: 'other.correction_lapsed', label: '可结案：逾期未补正' });
      expect(by(lapsed).closable!.rule).toContain('第三十条');
      expect(by(servedLate).closable).toBeNull();
      expect(by(unserved).closable).toBeNull();
      expect(by(fee).closable).toMatchObject({ as: 'other.fee_lapsed', label: '可结案：逾期未缴费' });

      const closable = await inbox(t.db, handler, '220500-zsj', { status: 'closable' });
      const numbers = closable.map((i) => i.app.number);
      expect(numbers).toEqual(expect.arrayContaining([lapsed, fee]));
      expect(numbers).not.toContain(servedLate);
      expect(numbers).not.toContain(unserved);
      expect(closable.every((i) => i.closable !== null)).toBe(true);
    });
  },
  { demo: true },
);
