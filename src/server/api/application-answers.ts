/**
 * The answers of the applications API (src/server/api/applications.ts) as zod schemas: what the
 * OpenAPI document publishes and what the serializer lets out (a field not named here never leaves).
 */
import { z } from 'zod';
import { decisionDetailsEventSchema } from '../../domain/applications/events.ts';

const date = z.string().describe('YYYY-MM-DD');
const agencyRef = z.object({ code: z.string(), name: z.string() });

export const ApplicationListItem = z
  .object({
    id: z.number().int(),
    number: z.string(),
    agency: agencyRef,
    applicantType: z.string(),
    applicantName: z.string(),
    channel: z.string(),
    subject: z.string(),
    state: z.string(),
    status: z.string().describe('办理状态（中文）'),
    receiptDate: date.nullable(),
    dueDate: date.nullable(),
    dueDatePending: z.string().nullable().describe('答复期限待某年节假日安排录入后确定时的说明'),
    workingDaysLeft: z.number().int().nullable(),
    badge: z.enum(['overdue', 'due_soon', 'calendar_pending']).nullable(),
    handler: z.object({ id: z.number().int(), name: z.string().nullable() }).nullable(),
    outcome: z.string().nullable(),
    closable: z
      .object({ as: z.string(), label: z.string(), rule: z.string() })
      .nullable()
      .optional()
      .describe('可结案：申请人的补正或缴费期限届满未答复（仅工作人员所见）'),
  })
  .meta({ id: 'ApplicationListItem', description: '申请列表中的一件' });

const decisionDetails = decisionDetailsEventSchema;

const TimelineLine = z.object({
  seq: z.number().int(),
  type: z.string(),
  label: z.string(),
  date: z.string(),
  detail: z.string(),
  by: z.string().nullable(),
  recordedAt: z.string().nullable(),
});

const LetterService = z.object({
  status: z.enum(['served', 'pending', 'unrecorded']),
  date: date.optional(),
  method: z.string().optional(),
  text: z.string().describe('如「2026-11-02 电子送达」「待送达」'),
});

const ApplicantCorrection = z.object({
  requested: date,
  items: z.array(z.string()),
  periodWorkingDays: z.number().int().nullable(),
  served: date.nullable(),
  deadline: date.nullable(),
  window: z.union([
    z.object({
      open: z.literal(true),
      // The clock's account of the 补正 notice (src/domain/clock/types.ts CorrectionInfo).
      correction: z.object({
        requested: date,
        noticeDue: date,
        noticeLate: z.boolean(),
        effective: z.boolean(),
        ineffective: z.enum(['second', 'late']).optional(),
        periodWorkingDays: z.number().int().nullable(),
        deadlineSet: date.optional(),
        served: date.nullable(),
        serviceMethod: z.string().optional(),
        deadline: date.nullable(),
        received: date.nullable(),
        receivedLate: z.boolean(),
      }),
    }),
    z.object({ open: z.literal(false), code: z.string(), message: z.string() }),
  ]),
});

export const Application = z
  .object({
    id: z.number().int(),
    number: z.string(),
    agency: agencyRef,
    applicant: z.object({
      type: z.string(),
      name: z.string(),
      idNumber: z.string().nullable(),
      creditCode: z.string().nullable(),
      phone: z.string().nullable(),
      email: z.string().nullable(),
      address: z.string().nullable(),
    }),
    channel: z.string(),
    channelLabel: z.string(),
    subject: z.string(),
    description: z.string().nullable(),
    provisionForm: z.string().nullable(),
    deliveryMethod: z.string().nullable(),
    state: z.string(),
    status: z.string(),
    submittedDate: date.nullable(),
    receiptDate: date.nullable(),
    dueDate: date.nullable(),
    dueDatePending: z.string().nullable(),
    pendingDates: z.object({ years: z.array(z.number().int()), reason: z.string(), detail: z.string(), fields: z.array(z.string()) }).nullable(),
    dueDateProvisional: z.boolean(),
    overdue: z.boolean(),
    dueSoon: z.boolean(),
    workingDaysLeft: z.number().int().nullable(),
    explanation: z.array(z.string()).describe('答复期限的计算说明'),
    handler: z.object({ id: z.number().int(), name: z.string().nullable() }).nullable(),
    pendingExtension: z
      .object({ seq: z.number().int(), date, workingDays: z.number().int(), reason: z.string(), requestedBy: z.number().int().nullable() })
      .nullable(),
    pendingDecision: z
      .object({ seq: z.number().int(), date, outcome: z.string(), details: decisionDetails, proposedBy: z.number().int().nullable(), label: z.string() })
      .nullable(),
    decision: z.object({ date, outcome: z.string(), details: decisionDetails, label: z.string(), articles: z.array(z.string()) }).nullable(),
    deliveredDate: date.nullable(),
    splitInto: z.array(z.string()),
    splitFrom: z.string().nullable(),
    timeline: z.array(TimelineLine),
    letters: z.array(
      z.object({
        id: z.number().int(),
        kind: z.string(),
        label: z.string(),
        number: z.string().nullable(),
        date: z.string().nullable(),
        service: LetterService.optional().describe('送达情况（申请人所见）'),
        docx: z.string(),
        pdf: z.string(),
      }),
    ),
    files: z.array(z.object({ attachmentId: z.number().int(), filename: z.string(), date, url: z.string() })),
    actions: z.array(z.object({ step: z.string(), label: z.string() })).describe('当前用户现在可以执行的办理步骤'),
    correction: ApplicantCorrection.nullable().optional().describe('申请人待补正的事项（仅申请人所见）'),
    fee: z
      .object({ sent: date, amount: z.number().nullable(), served: date.nullable(), payBy: date.nullable(), payment: z.string().nullable(), onlinePayment: z.boolean() })
      .nullable()
      .optional()
      .describe('待缴纳的信息处理费（仅申请人所见）'),
  })
  .meta({ id: 'Application', description: '一件申请：办理记录、答复期限及其计算说明、文书、文件、可执行的操作' });

export const Appeal = z
  .object({
    id: z.number().int(),
    agencyId: z.number().int(),
    applicationId: z.number().int().nullable(),
    number: z.string().nullable(),
    kind: z.string(),
    organ: z.string().nullable(),
    filedDate: date,
    concludedDate: date.nullable(),
    result: z.string(),
    originalOrgan: z.boolean(),
    note: z.string().nullable(),
    createdBy: z.number().int().nullable(),
    createdAt: z.string().describe('ISO 8601'),
  })
  .meta({ id: 'Appeal', description: '行政复议或行政诉讼案件' });

export const StepResult = z.object({
  applicationId: z.number().int(),
  created: z.array(z.number().int()).optional().describe('拆分产生的申请'),
  letters: z.array(z.number().int()).describe('本步骤生成的文书'),
});

export const DuplicateMatch = z.object({ id: z.number().int(), number: z.string(), subject: z.string(), similarity: z.number() });
