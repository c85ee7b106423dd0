import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { defaultCalendar } from '../../../src/domain/calendar/index.ts';
import { CATEGORIES, categoryForArticle20Item, categoryOf } from '../../../src/domain/portal/categories.ts';
import { checkDocument, publicationDeadline, refuseAction } from '../../../src/domain/portal/documents.ts';
import { placeDocument } from '../../../src/domain/report/policy.ts';

describe('公开目录 categories (第二十条)', () => {
  it('every item (一)–(十五) of 第二十条 is served by exactly one category', () => {
    for (let item = 1; item <= 15; item++) {
      expect(CATEGORIES.filter((c) => c.article20Items.includes(item))).toHaveLength(1);
    }
    expect(categoryForArticle20Item(1)!.label).toBe('法规文件');
    expect(categoryForArticle20Item(7)!.label).toBe('财政预决算');
    expect(categoryForArticle20Item(14)!.label).toBe('人事招考');
    expect(categoryOf('nonsense').code).toBe('other');
  });
});

describe('document lifecycle rules', () => {
  it('allows each action only from its statuses', () => {
    expect(refuseAction('publish', 'draft')).toBeNull();
    expect(refuseAction('publish', 'withdrawn')).toBeNull();
    expect(refuseAction('publish', 'published')).toMatch(/只有草稿或已撤回的文件可以发布/);
    expect(refuseAction('withdraw', 'published')).toBeNull();
    expect(refuseAction('withdraw', 'draft')).toMatch(/只有已公开的文件可以撤回/);
    expect(refuseAction('repeal', 'published')).toBeNull();
    expect(refuseAction('repeal', 'repealed')).toMatch(/只有已公开的文件可以废止/);
    expect(refuseAction('edit', 'repealed')).toMatch(/已废止的文件不能再修改/);
  });

  it('checks dates and what publication needs', () => {
    const base = { title: '办法', kind: 'normative' as const, writtenDate: '2023-05-12', publishedDate: null, effectiveDate: null, repealedDate: null, docNumber: null };
    expect(checkDocument(base)).toEqual([]);
    expect(checkDocument(base, { forPublication: true })).toEqual(['规章和行政规范性文件发布前须填写文号']);
    expect(checkDocument({ ...base, writtenDate: null, kind: 'other' }, { forPublication: true })[0]).toMatch(/成文日期/);
    expect(checkDocument({ ...base, publishedDate: '2023-05-01' })).toEqual(['发布日期不能早于成文日期']);
    expect(checkDocument({ ...base, repealedDate: '2023-01-01' })).toEqual(['废止日期不能早于成文日期']);
    expect(checkDocument({ ...base, kind: 'other', effectiveDate: '2023-06-01' })[0]).toMatch(/只适用于规章和行政规范性文件/);
  });
});

describe('第二十六条: publish within 20 working days of 形成', () => {
  it('counts working days over the 2024 Spring Festival (调休 included)', () => {
    // 2024-02-04 (Sunday) and 2024-02-18 (Sunday) were make-up working days; 02-10…02-17 holidays.
    // Counted by hand: 02-02, 02-04, 02-05…02-09 (7), 02-18…02-23 (13), 02-26…03-01 (18), 03-04, 03-05 (20).
    const d = publicationDeadline(defaultCalendar, '2024-02-01', '2024-02-02');
    expect(d.dueDate).toBe('2024-03-05');
    expect(d.state).toBe('ok');
  });

  it('warns within 5 working days, on the last day and after it', () => {
    expect(publicationDeadline(defaultCalendar, '2024-02-01', '2024-02-27').state).toBe('due_soon');
    expect(publicationDeadline(defaultCalendar, '2024-02-01', '2024-02-27').workingDaysLeft).toBe(5);
    expect(publicationDeadline(defaultCalendar, '2024-02-01', '2024-02-26').state).toBe('ok');
    expect(publicationDeadline(defaultCalendar, '2024-02-01', '2024-03-05').state).toBe('due_today');
    const late = publicationDeadline(defaultCalendar, '2024-02-01', '2024-03-07');
    expect(late.state).toBe('overdue');
    expect(late.workingDaysLeft).toBe(-2);
    expect(late.message).toContain('已逾期 2 个工作日');
  });

  it('says so instead of guessing when the date is missing or the year unknown', () => {
    expect(publicationDeadline(defaultCalendar, null, '2024-01-01').state).toBe('unknown');
    const u = publicationDeadline(defaultCalendar, '2031-05-06', '2031-05-07');
    expect(u.state).toBe('unknown');
    expect(u.message).toMatch(/无法计算公开期限/);
  });

  it('the due date is always a working day exactly 20 working days after 形成 (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 365 * 6 }), (offset) => {
        const start = new Date(Date.UTC(2019, 0, 1) + offset * 86400000).toISOString().slice(0, 10);
        const d = publicationDeadline(defaultCalendar, start, start);
        expect(defaultCalendar.isWorkday(d.dueDate!)).toBe(true);
        expect(defaultCalendar.workingDaysBetween(start, d.dueDate!)).toBe(20);
      }),
      { numRuns: 200 },
    );
  });
});

describe('table 1 placement of a document (制发 / 废止 / 现行有效 at 31 December)', () => {
  it('issued, repealed and in force follow the dates', () => {
    expect(placeDocument({ id: '1', kind: 'normative', issuedDate: '2023-05-12', repealedDate: null }, 2023)).toEqual({ issued: true, repealed: false, in_force: true });
    expect(placeDocument({ id: '1', kind: 'normative', issuedDate: '2022-04-08', repealedDate: '2023-11-30' }, 2023)).toEqual({ issued: false, repealed: true, in_force: false });
    // repealed on 1 January of the next year: still in force at 31 December
    expect(placeDocument({ id: '1', kind: 'rule', issuedDate: '2021-09-01', repealedDate: '2024-01-01' }, 2023)).toEqual({ issued: false, repealed: false, in_force: true });
    expect(placeDocument({ id: '1', kind: 'rule', issuedDate: '2024-02-20', repealedDate: null }, 2023)).toEqual({ issued: false, repealed: false, in_force: false });
  });
});
