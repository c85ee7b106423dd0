/**
 * What one worker thread of the audit pool (pool.ts) does with one file: check the document's
 * limits before the work grows (limits.ts), then read it with the auditor's pure entry point
 * (`auditBuffer`). The command line calls `auditWithLimits` in its own process: the same limits.
 */
import type { ReportModel } from '../domain/report/model.ts';
import { auditBuffer, type AuditOptions } from './index.ts';
import { checkDocumentLimits, type LimitBreach } from './limits.ts';

export type AuditOutcome = { ok: true; model: ReportModel } | { ok: false; breach: LimitBreach };

export interface AuditTask {
  name: string;
  bytes: Uint8Array;
  options?: AuditOptions;
}

export async function auditWithLimits(name: string, bytes: Uint8Array, options: AuditOptions = {}): Promise<AuditOutcome> {
  const breach = await checkDocumentLimits(name, bytes);
  if (breach) return { ok: false, breach };
  return { ok: true, model: await auditBuffer(name, bytes, options) };
}

export default function run(task: AuditTask): Promise<AuditOutcome> {
  return auditWithLimits(task.name, task.bytes, task.options);
}
