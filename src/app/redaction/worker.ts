/**
 * What one worker thread of the redaction pool (pool.ts) does: MuPDF's work on one document — make a
 * PDF of a DOCX or an image, scan its pages for personal numbers, snap a selection to its characters,
 * make the redacted copy. Bytes in, plain data out; a user's error (an AppError: an unreadable file)
 * comes back as data, since a class does not cross the thread boundary.
 */
import { AppError } from '../errors.ts';
import { toPdf } from './convert.ts';
import type { Rect } from './mupdf.ts';
import { redactPdf, type BoxTarget, type RedactOutcome, type TextTarget } from './redact.ts';
import { scanPdf, snapSelection, type PdfScan } from './scan.ts';

export type PdfTask =
  | { op: 'toPdf'; bytes: Uint8Array }
  | { op: 'scan'; bytes: Uint8Array }
  | { op: 'snap'; bytes: Uint8Array; page: number; text: string; rects: readonly Rect[] }
  | { op: 'redact'; bytes: Uint8Array; request: { texts?: readonly TextTarget[]; boxes?: readonly BoxTarget[] } };

export interface PdfResults {
  toPdf: ReturnType<typeof toPdf>;
  scan: PdfScan;
  snap: Rect[] | undefined;
  redact: RedactOutcome;
}

export type PdfTaskOutcome =
  | { ok: true; value: PdfResults[PdfTask['op']] }
  | { ok: false; error: { statusCode: number; code: string; message: string; details?: unknown } };

function perform(task: PdfTask): PdfResults[PdfTask['op']] {
  switch (task.op) {
    case 'toPdf':
      return toPdf(task.bytes);
    case 'scan':
      return scanPdf(task.bytes);
    case 'snap':
      return snapSelection(task.bytes, task.page, task.text, task.rects);
    case 'redact':
      return redactPdf(task.bytes, task.request);
  }
}

export default function run(task: PdfTask): PdfTaskOutcome {
  try {
    return { ok: true, value: perform(task) };
  } catch (err) {
    if (err instanceof AppError) return { ok: false, error: { statusCode: err.statusCode, code: err.code, message: err.message, details: err.details } };
    throw err;
  }
}
