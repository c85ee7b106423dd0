/** The pure rules of notifications: templates (render, validate), back-off, holding on days off, reminder timing. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { defaultCalendar } from '../../../src/domain/calendar/index.ts';
import {
  DEFAULT_TEMPLATES,
  KINDS,
  kindsFor,
  morningOf,
  NOTIFICATION_KINDS,
  PLACEHOLDERS,
  remindToday,
  renderTemplate,
  reportRemindersDue,
  retryDelayMs,
  RETRY_MAX_MS,
  sendNotBefore,
  validateTemplate,
  withSiteAddress,
} from '../../../src/domain/notifications/index.ts';

describe('templates', () => {
  it('every default template is valid for its kind', () => {
    for (const k of NOTIFICATION_KINDS) expect(validateTemplate(k, DEFAULT_TEMPLATES[k]), k).toEqual([]);
  });

  it('fills the placeholders, keeps {{站点地址}} for the sender, and keeps the subject on one line', () => {
    const t = renderTemplate({ subject: '{{机关}}\n{{申请编号}}', body: '{{链接}} {{申请编号}}' }, { 机关: '某局', 申请编号: '202600001', 链接: '{{站点地址}}/my' });
    expect(t.subject).toBe('某局 202600001');
    expect(t.body).toBe('{{站点地址}}/my 202600001');
    expect(withSiteAddress(t.body, 'https://x.gov.cn/')).toBe('https://x.gov.cn/my 202600001');
  });

  it('a value is inserted as it is, never read as a placeholder again', () => {
    fc.assert(
      fc.property(fc.string(), (value) => {
        const t = renderTemplate({ subject: 'x', body: 'A{{申请人}}B' }, { 申请人: value });
        expect(t.body).toBe(`A${value}B`);
      }),
    );
  });

  it('names every fault of an agency template in Chinese', () => {
    expect(validateTemplate('receipt', { subject: '', body: '' })).toEqual(
      expect.arrayContaining(['请填写邮件标题', '请填写正文', '模板必须包含「{{申请编号}}」', '模板必须包含「{{链接}}」']),
    );
    const errors = validateTemplate('receipt', { subject: '收到 {{申请编号}}', body: '{{链接}} {{姓名}} {{申请编号' });
    expect(errors.some((e) => e.startsWith('不认识的占位符「{{姓名}}」'))).toBe(true);
    expect(errors).toContain('占位符的「{{」与「}}」不成对');
    expect(validateTemplate('receipt', { subject: 'a\u0007', body: '{{申请编号}}{{链接}}' })).toContain('内容含有不允许的控制字符');
    expect(validateTemplate('receipt', { subject: '编号{{申请编号}}', body: '请查看：{{链接}}' })).toEqual([]);
  });

  it('offers each kind the placeholders its required ones come from', () => {
    for (const k of NOTIFICATION_KINDS) for (const r of PLACEHOLDERS[k].required) expect(PLACEHOLDERS[k].offered).toContain(r);
  });
});

describe('kinds', () => {
  it('only the password reset cannot be turned off; applicants and staff are offered their own kinds', () => {
    expect(NOTIFICATION_KINDS.filter((k) => !KINDS[k].optional)).toEqual(['password_reset']);
    expect(kindsFor('applicant')).toEqual(['receipt', 'letter', 'correction_reminder', 'fee_reminder']);
    expect(kindsFor('staff')).toEqual(['assigned', 'digest', 'report_missing']);
  });
});

describe('timing', () => {
  it('waits 1, 2, 4 … minutes between tries, never more than 6 hours, never less as failures grow', () => {
    expect([1, 2, 3, 4].map((n) => retryDelayMs(n))).toEqual([60_000, 120_000, 240_000, 480_000]);
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1000 }), (n) => {
        const d = retryDelayMs(n);
        expect(d).toBeLessThanOrEqual(RETRY_MAX_MS);
        expect(retryDelayMs(n + 1)).toBeGreaterThanOrEqual(d);
      }),
    );
  });

  it('sends receipts and letters at once on any day; holds the others from a day off to the next working morning', () => {
    const now = new Date('2026-10-03T10:00:00+08:00'); // 国庆 holiday
    expect(sendNotBefore('receipt', '2026-10-03', now, defaultCalendar)).toBe(now);
    expect(sendNotBefore('letter', '2026-10-03', now, defaultCalendar)).toBe(now);
    expect(sendNotBefore('password_reset', '2026-10-03', now, defaultCalendar)).toBe(now);
    // 2026: 10月1日–7日 holiday, the 8th (Thursday) a working day.
    expect(sendNotBefore('assigned', '2026-10-03', now, defaultCalendar)).toEqual(morningOf('2026-10-08'));
    expect(morningOf('2026-10-08').toISOString()).toBe('2026-10-08T00:00:00.000Z');
    // A 调休 Saturday is a working day: nothing is held.
    const makeup = '2026-09-20';
    expect(defaultCalendar.isWorkday(makeup)).toBe(true);
    expect(sendNotBefore('digest', makeup, now, defaultCalendar)).toBe(now);
    // On a working day, at once.
    expect(sendNotBefore('assigned', '2026-11-16', now, defaultCalendar)).toBe(now);
  });

  it('reminds from three working days before a period ends to its last day, never after', () => {
    // Period ends Friday 2026-11-20.
    expect(remindToday('2026-11-16', '2026-11-20', defaultCalendar)).toBe(false); // 4 working days left
    expect(remindToday('2026-11-17', '2026-11-20', defaultCalendar)).toBe(true); // 3
    expect(remindToday('2026-11-20', '2026-11-20', defaultCalendar)).toBe(true);
    expect(remindToday('2026-11-21', '2026-11-20', defaultCalendar)).toBe(false);
    // Working days, not calendar days: over 国庆 2026 (the 调休 Saturday 10月10日 counts) a period
    // ending Monday 10月12日 has five working days left on 9月29日, three on 10月9日 for one ending 10月13日.
    expect(remindToday('2026-09-29', '2026-10-12', defaultCalendar)).toBe(false);
    expect(remindToday('2026-10-09', '2026-10-13', defaultCalendar)).toBe(true);
  });

  it('reminds supervisors of missing annual reports from 15 January to 31 March', () => {
    expect(reportRemindersDue('2027-01-14')).toBe(false);
    expect(reportRemindersDue('2027-01-15')).toBe(true);
    expect(reportRemindersDue('2027-03-31')).toBe(true);
    expect(reportRemindersDue('2027-04-01')).toBe(false);
  });
});
