/**
 * When the applicant may send the 补正 online (correctionWindow, 第三十条) and when the step 收到补正
 * is offered to the applicant: while the one effective notice awaits the corrected application and
 * its period, counted from service, has not run out.
 */
import { describe, expect, it } from 'vitest';
import { allowedSteps } from '../../../src/app/applications/present.ts';
import type { LoadedCase } from '../../../src/app/applications/case.ts';
import type { Actor } from '../../../src/app/policies.ts';
import { correctionWindow, deriveCase, type CaseEvent } from '../../../src/domain/applications/index.ts';
import { defaultCalendar } from '../../../src/domain/calendar/index.ts';

const OWNER = 42;
const applicant: Actor = { userId: OWNER, kind: 'applicant', roles: [] };
const stranger: Actor = { userId: 43, kind: 'applicant', roles: [] };

const base: CaseEvent[] = [
  { type: 'submitted', date: '2026-11-02', channel: 'online' },
  { type: 'receipt_confirmed', date: '2026-11-02' },
];
const served: CaseEvent = { type: 'correction_requested', date: '2026-11-03', periodWorkingDays: 15, served: '2026-11-03', serviceMethod: 'electronic' };

function view(events: CaseEvent[], today: string) {
  return deriveCase(events.map((event, i) => ({ seq: i + 1, event, actorUserId: 5 })), { calendar: defaultCalendar, today });
}
function loaded(events: CaseEvent[], today: string): LoadedCase {
  return { app: { id: 1, applicantUserId: OWNER, channel: 'online' }, agencyPath: [1], view: view(events, today), today, recorded: [] } as unknown as LoadedCase;
}

describe('correctionWindow (第三十条)', () => {
  it('open through the last day of the period counted from service, closed the day after', () => {
    expect(correctionWindow(view([...base, served], '2026-11-24'), '2026-11-24')).toMatchObject({ open: true, correction: { deadline: '2026-11-24' } });
    const late = correctionWindow(view([...base, served], '2026-11-25'), '2026-11-25');
    expect(late).toMatchObject({ open: false, code: 'correction.lapsed' });
    expect(late.open || late.message).toContain('补正期限已于2026-11-24届满');
  });

  it('a notice still 待送达 has a period not yet begun: open', () => {
    const pending: CaseEvent = { type: 'correction_requested', date: '2026-11-03', periodWorkingDays: 15, served: null };
    expect(correctionWindow(view([...base, pending], '2027-01-20'), '2027-01-20')).toMatchObject({ open: true, correction: { deadline: null } });
  });

  it('nothing pending: none before a notice, none after the 补正 arrived, none for a second notice (一次性告知)', () => {
    expect(correctionWindow(view(base, '2026-11-04'), '2026-11-04')).toMatchObject({ open: false, code: 'correction.none_pending' });
    const received: CaseEvent = { type: 'correction_received', date: '2026-11-05', channel: 'online' };
    expect(correctionWindow(view([...base, served, received], '2026-11-06'), '2026-11-06')).toMatchObject({ open: false, code: 'correction.none_pending' });
    const second: CaseEvent = { ...served, date: '2026-11-06', served: '2026-11-06' };
    expect(correctionWindow(view([...base, served, received, second], '2026-11-09'), '2026-11-09')).toMatchObject({ open: false, code: 'correction.none_pending' });
  });

  it('the step is offered to the owner only while the window is open; never to another applicant', () => {
    expect(allowedSteps(applicant, loaded([...base, served], '2026-11-24'))).toContain('correction_receive');
    expect(allowedSteps(applicant, loaded([...base, served], '2026-11-25'))).not.toContain('correction_receive');
    expect(allowedSteps(stranger, loaded([...base, served], '2026-11-24'))).not.toContain('correction_receive');
    expect(allowedSteps(applicant, loaded(base, '2026-11-04'))).not.toContain('correction_receive');
  });
});
