/**
 * 发出收费通知 (国办函〔2020〕109号): the amount computed from 109号's bands, never typed — 按件 with
 * the applicant's other applications to the agency in the same 自然月 (第四条), or 按量 from the
 * pages; a different amount only with a written reason (checkFeeAmount). The 收费通知书.
 */
import { and, eq, ne, or, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import type { DbOrTx } from '../../db/index.ts';
import { loadRecordedMany } from '../../db/applications.ts';
import { applications } from '../../db/schema.ts';
import { deriveCase, isActive, isPending } from '../../domain/applications/index.ts';
import { checkFeeAmount, feeForApplication, FeeInputError, type FeeResult, type MonthlyApplication } from '../../domain/fees/index.ts';
import { AppError } from '../errors.ts';
import { ruleCode } from '../error-codes.ts';
import type { LoadedCase } from '../applications/case.ts';
import { optText, text } from '../applications/schemas.ts';
import { defaultServiceMethod, serviceMethodField, serviceMethodInput, serviceOnSending } from './service.ts';
import { defineStep } from './types.ts';

/**
 * The applicant's other applications to the same agency (by account, else by ID or credit code),
 * with their receipt dates (第三十一条), for 第四条's monthly count: one 件 each (一事一申请).
 */
async function otherApplications(db: DbOrTx, c: LoadedCase): Promise<MonthlyApplication[]> {
  const a = c.app;
  const who: SQL[] = [];
  if (a.applicantUserId !== null) who.push(eq(applications.applicantUserId, a.applicantUserId));
  if (a.applicantIdNumber) who.push(eq(applications.applicantIdNumber, a.applicantIdNumber));
  if (a.applicantCreditCode) who.push(eq(applications.applicantCreditCode, a.applicantCreditCode));
  if (!who.length) return [];
  const rows = await db
    .select({ id: applications.id })
    .from(applications)
    .where(and(eq(applications.agencyId, a.agencyId), ne(applications.id, a.id), or(...who)));
  const recorded = await loadRecordedMany(db, rows.map((r) => r.id));
  const out: MonthlyApplication[] = [];
  for (const [id, events] of recorded) {
    const received = deriveCase(events, { calendar: c.calendar, today: c.today, explain: false }).clock?.receiptDate;
    if (received) out.push({ received, pieces: 1, seq: id });
  }
  return out;
}

/** The fee of the case by `method` (按量 needs the pages), from the domain. */
async function computed(db: DbOrTx, c: LoadedCase, method: 'pieces' | 'pages', pages?: number): Promise<FeeResult> {
  const received = c.view.clock?.receiptDate;
  if (!received) throw new AppError(409, 'event.before_receipt', '申请尚未确认收到（第三十一条），不能收费');
  try {
    if (method === 'pages') {
      if (pages === undefined) throw new AppError(400, 'fee.pages', '按量计收须填写页数（国办函〔2020〕109号第五条）');
      return feeForApplication({ method: 'pages', pages });
    }
    return feeForApplication({ method: 'pieces', pieces: 1, received, seq: c.app.id, others: await otherApplications(db, c) });
  } catch (e) {
    if (e instanceof FeeInputError) throw new AppError(400, ruleCode(e.code), e.message);
    throw e;
  }
}

export const feeNotice = defineStep({
  name: 'fee_notice',
  label: '发出收费通知',
  action: 'application.handle',
  input: {
    /** The amount stated; absent: the computed one. */
    amountYuan: z.number().nonnegative('收费数额不能为负数').max(1_000_000).optional(),
    method: z.enum(['pieces', 'pages']),
    pages: z.number().int('页数应为整数').min(1, '页数至少为1').max(10_000_000).optional(),
    overrideReason: optText('收费数额与计算结果不一致的理由', 500),
    standard: text('收费标准', 500),
    payment: text('缴纳方式', 500),
    serviceMethod: serviceMethodInput,
  },
  available: (view) => isActive(view) && (!view.clock?.fee || view.clock.fee.paid !== null),
  async events({ db, c, date }, input) {
    const fee = await computed(db, c, input.method, input.pages);
    const amount = input.amountYuan ?? fee.amount;
    if (amount === 0) throw new AppError(400, 'fee.none', `按国办函〔2020〕109号计算，本件申请不收费（${fee.lines.join('')}）`);
    const check = checkFeeAmount({ amount, computed: fee.amount, overrideReason: input.overrideReason });
    if (!check.ok) throw new AppError(400, ruleCode(check.code), check.message);
    return [
      {
        type: 'fee_notice_sent',
        date,
        amount,
        computedAmount: fee.amount,
        ...(check.overridden ? { overrideReason: input.overrideReason } : {}),
        method: input.method,
        standard: input.standard,
        payment: input.payment,
        ...serviceOnSending(input.serviceMethod ?? defaultServiceMethod(c), date),
      },
    ];
  },
  async letters(l, input) {
    const e = l.view.clock?.fee;
    await l.issue('fee_notice', {
      ...l.base(),
      fee: {
        amountYuan: e?.amount ?? input.amountYuan ?? 0,
        method: input.method,
        standard: input.standard,
        payment: input.payment,
        paymentDeadline: isPending(l.view.pending, 'fee.payBy') ? undefined : (l.clock.fee?.payBy ?? undefined),
      },
    });
  },
  // The 按件 amount, computed before the form is shown (the form's default; 按量 needs the pages).
  async choices(db, c) {
    if (!c.view.clock?.receiptDate) return { computed: [] };
    const fee = await computed(db, c, 'pieces');
    return { computed: [{ value: String(fee.amount), label: fee.lines.join('') }] };
  },
  form: (c, choices) => {
    const fee = choices?.computed?.[0];
    return {
      button: '发出收费通知书',
      fields: [
        { kind: 'date' },
        serviceMethodField(defaultServiceMethod(c)),
        ...(fee ? [{ kind: 'note' as const, hint: true, text: `计算结果：${fee.label}` }] : []),
        {
          kind: 'select',
          name: 'method',
          id: 'f-method',
          label: '计收方式',
          options: [
            { value: 'pieces', label: '按件计收' },
            { value: 'pages', label: '按量计收' },
          ],
        },
        { kind: 'number', name: 'pages', label: '页数（按量计收时填写）', min: 1, step: 1 },
        { kind: 'number', name: 'amountYuan', label: '收费数额（元，默认为按件计收的计算结果）', min: 0, step: 1, required: true, ...(fee ? { value: Number(fee.value) } : {}) },
        { kind: 'text', name: 'overrideReason', id: 'f-override', label: '收费数额与计算结果不一致的理由', maxlength: 500 },
        { kind: 'text', name: 'standard', id: 'f-standard', label: '收费标准', required: true, maxlength: 500 },
        { kind: 'text', name: 'payment', id: 'f-payment', label: '缴纳方式', required: true, maxlength: 500 },
      ],
    };
  },
});
