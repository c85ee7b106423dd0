import { describe, expect, it } from 'vitest';
import {
  applicationClosure,
  placeAppeal,
  placeApplication,
  placeDocument,
  type AppealFacts,
  type ApplicationFacts,
} from '../../../src/domain/report/policy.ts';

const app = (p: Partial<ApplicationFacts>): ApplicationFacts => ({
  id: 'a',
  applicantType: 'natural',
  receiptDate: '2023-03-01',
  decisionDate: null,
  outcome: null,
  ...p,
});

describe('table 2 placement (一 新收, 二 上年结转, 三 办理结果, 四 结转下年度)', () => {
  it('received and decided in the year: 新收 and its leaf', () => {
    expect(placeApplication(app({ decisionDate: '2023-03-20', outcome: 'public' }), 2023)).toEqual({
      new: true,
      carried_in: false,
      outcome: 'public',
      carried_out: false,
    });
  });
  it('received in the year, undecided at 31 December: 新收 and 结转下年度', () => {
    expect(placeApplication(app({ receiptDate: '2023-12-20', decisionDate: '2024-01-10', outcome: 'partial' }), 2023)).toEqual({
      new: true,
      carried_in: false,
      outcome: null,
      carried_out: true,
    });
  });
  it('the next year it is 上年结转 and decided', () => {
    expect(placeApplication(app({ receiptDate: '2023-12-20', decisionDate: '2024-01-10', outcome: 'partial' }), 2024)).toEqual({
      new: false,
      carried_in: true,
      outcome: 'partial',
      carried_out: false,
    });
  });
  it('received in Y−1 and decided in Y+1: carried in AND carried out at Y', () => {
    const a = app({ receiptDate: '2022-12-30', decisionDate: '2024-01-03', outcome: 'unavailable.not_held' });
    expect(placeApplication(a, 2023)).toEqual({ new: false, carried_in: true, outcome: null, carried_out: true });
  });
  it('decided on 31 December is decided in the year; received on 1 January is new', () => {
    expect(placeApplication(app({ receiptDate: '2023-01-01', decisionDate: '2023-12-31', outcome: 'public' }), 2023)).toEqual({
      new: true,
      carried_in: false,
      outcome: 'public',
      carried_out: false,
    });
  });
  it('closed in an earlier year or received in a later one: nowhere', () => {
    const none = { new: false, carried_in: false, outcome: null, carried_out: false };
    expect(placeApplication(app({ receiptDate: '2022-05-01', decisionDate: '2022-12-31', outcome: 'public' }), 2023)).toEqual(none);
    expect(placeApplication(app({ receiptDate: '2024-01-01' }), 2023)).toEqual(none);
  });
  it('not yet received (第三十一条: awaiting confirmation): in no row', () => {
    expect(placeApplication(app({ receiptDate: null }), 2023)).toEqual({ new: false, carried_in: false, outcome: null, carried_out: false });
  });
  it('withdrawn: counted under （六）3.其他 in the year of withdrawal', () => {
    const a = app({ receiptDate: '2023-11-01', withdrawnDate: '2024-01-05' });
    expect(applicationClosure(a)).toEqual({ date: '2024-01-05', outcome: 'other.other', withdrawn: true });
    expect(placeApplication(a, 2023)).toMatchObject({ new: true, outcome: null, carried_out: true });
    expect(placeApplication(a, 2024)).toMatchObject({ carried_in: true, outcome: 'other.other', carried_out: false });
  });
  it('a decision before the withdrawal stands; a withdrawal before the decision wins', () => {
    expect(applicationClosure(app({ decisionDate: '2023-04-01', outcome: 'public', withdrawnDate: '2023-05-01' }))?.outcome).toBe('public');
    expect(applicationClosure(app({ decisionDate: '2023-06-01', outcome: 'public', withdrawnDate: '2023-05-01' }))?.outcome).toBe('other.other');
  });
  it('a decision date without an outcome leaves the application open', () => {
    expect(applicationClosure(app({ decisionDate: '2023-04-01', outcome: null }))).toBeNull();
    expect(placeApplication(app({ decisionDate: '2023-04-01', outcome: null }), 2023).carried_out).toBe(true);
  });
});

const appeal = (p: Partial<AppealFacts>): AppealFacts => ({
  id: 'c',
  kind: 'reconsideration',
  filedDate: '2023-05-01',
  concludedDate: null,
  result: 'pending',
  ...p,
});

describe('table 3 placement', () => {
  it('default policy: filed in the year, by its result at 31 December', () => {
    expect(placeAppeal(appeal({ concludedDate: '2023-07-01', result: 'upheld' }), 2023)).toBe('upheld');
    expect(placeAppeal(appeal({ concludedDate: '2024-02-01', result: 'corrected' }), 2023)).toBe('pending');
    expect(placeAppeal(appeal({}), 2023)).toBe('pending');
    expect(placeAppeal(appeal({ filedDate: '2022-12-01', concludedDate: '2023-02-01', result: 'upheld' }), 2023)).toBeNull();
  });
  it('S1 一（四）: a case where this agency is only the co-defendant 复议机关 is not counted', () => {
    expect(placeAppeal(appeal({ kind: 'litigation_after_reconsideration', coDefendantReviewOrgan: true }), 2023)).toBeNull();
    expect(placeAppeal(appeal({ kind: 'litigation_after_reconsideration', coDefendantReviewOrgan: false }), 2023)).toBe('pending');
  });
  it('alternative policy: concluded in the year plus pending at its end', () => {
    const policy = { appeals: 'concluded_or_pending' as const };
    expect(placeAppeal(appeal({ filedDate: '2022-12-01', concludedDate: '2023-02-01', result: 'upheld' }), 2023, policy)).toBe('upheld');
    expect(placeAppeal(appeal({ filedDate: '2022-06-01' }), 2023, policy)).toBe('pending');
    expect(placeAppeal(appeal({ filedDate: '2022-06-01', concludedDate: '2022-12-01', result: 'other' }), 2023, policy)).toBeNull();
    expect(placeAppeal(appeal({ filedDate: '2024-01-02' }), 2023, policy)).toBeNull();
    expect(placeAppeal(appeal({ concludedDate: '2024-01-02', result: 'corrected' }), 2023, policy)).toBe('pending');
  });
});

describe('table 1 placement (数据核定时间点为报告年度的12月31日)', () => {
  it('issued, repealed and in force at 31 December', () => {
    const d = (issuedDate: string | null, repealedDate: string | null) => placeDocument({ id: 'd', kind: 'normative', issuedDate, repealedDate }, 2023);
    expect(d('2023-02-01', null)).toEqual({ issued: true, repealed: false, in_force: true });
    expect(d('2020-02-01', '2023-06-01')).toEqual({ issued: false, repealed: true, in_force: false });
    expect(d('2023-02-01', '2023-06-01')).toEqual({ issued: true, repealed: true, in_force: false });
    expect(d('2020-02-01', '2024-01-01')).toEqual({ issued: false, repealed: false, in_force: true });
    expect(d('2024-01-01', null)).toEqual({ issued: false, repealed: false, in_force: false });
    expect(d(null, null)).toEqual({ issued: false, repealed: false, in_force: false });
  });
});
