/**
 * MuPDF runs off the main thread: a pool of worker threads (piscina) that open, scan and redact the
 * documents staff upload, each document with a time budget (its worker is terminated when the budget
 * runs out) and a bounded queue, so a hostile or huge file never stalls the portal or the console for
 * others. The pool (and MuPDF's ~40 MB of WebAssembly) starts with the first document a process
 * handles: most processes never redact. Each server app holds the pool (`holdPdfPool()`) and lets go
 * when it closes; the last to let go ends the workers at once.
 *
 *   const { pdf, kind } = await pdfTools.toPdf(bytes);
 */
import { boundedPool, envInt, type BoundedPool } from '../../lib/worker-pool.ts';
import { AppError } from '../errors.ts';
import type { ErrorCode } from '../error-codes.ts';
import type { Rect } from './mupdf.ts';
import type { BoxTarget, TextTarget } from './redact.ts';
import type { PdfResults, PdfTask, PdfTaskOutcome } from './worker.ts';

/** Threads (GONGKAI_REDACTION_WORKERS, default 1), time budget per document (GONGKAI_REDACTION_TIMEOUT_MS, default 60 s). */
export function pdfPoolSettings(env: NodeJS.ProcessEnv = process.env) {
  return {
    threads: envInt(env.GONGKAI_REDACTION_WORKERS, 1),
    timeoutMs: envInt(env.GONGKAI_REDACTION_TIMEOUT_MS, 60_000),
    heapMb: envInt(env.GONGKAI_REDACTION_WORKER_HEAP_MB, 512),
    maxQueue: 20,
  };
}

let pool: BoundedPool<PdfTask, PdfTaskOutcome> | null = null;

async function runTask<Op extends PdfTask['op']>(task: Extract<PdfTask, { op: Op }>): Promise<PdfResults[Op]> {
  const settings = pdfPoolSettings();
  pool ??= boundedPool<PdfTask, PdfTaskOutcome>('redaction-worker', settings);
  const { bytes, ...rest } = task;
  const outcome = await pool.run(rest, bytes, settings.timeoutMs);
  if (!outcome.ok) {
    if (outcome.ranOut === 'time')
      throw new AppError(422, 'redaction_time', `处理该文件超出时间上限（${Math.round(settings.timeoutMs / 1000)} 秒），请拆分或换用页数较少的文件`);
    if (outcome.ranOut === 'memory') throw new AppError(413, 'redaction_memory', '处理该文件超出内存上限，请拆分或换用较小的文件');
    throw new AppError(429, 'rate_limited', '正在处理的文件过多，请稍后再试');
  }
  const result = outcome.value;
  if (!result.ok) throw new AppError(result.error.statusCode, result.error.code as ErrorCode, result.error.message, result.error.details);
  return result.value as PdfResults[Op];
}

/** MuPDF's operations, each run in the pool (src/app/redaction/worker.ts). */
export const pdfTools = {
  toPdf: (bytes: Uint8Array) => runTask<'toPdf'>({ op: 'toPdf', bytes }),
  scanPdf: (bytes: Uint8Array) => runTask<'scan'>({ op: 'scan', bytes }),
  snapSelection: (bytes: Uint8Array, page: number, text: string, rects: readonly Rect[]) => runTask<'snap'>({ op: 'snap', bytes, page, text, rects }),
  redactPdf: (bytes: Uint8Array, request: { texts?: readonly TextTarget[]; boxes?: readonly BoxTarget[] }) => runTask<'redact'>({ op: 'redact', bytes, request }),
};

let holders = 0;

/**
 * Holds the pool for a server app; the function returned lets go (once). When the last holder lets
 * go, the workers end at once (a document being handled then fails: the server is stopping).
 */
export function holdPdfPool(): () => Promise<void> {
  holders++;
  let released = false;
  return async () => {
    if (released) return;
    released = true;
    if (--holders > 0) return;
    const p = pool;
    pool = null;
    await p?.destroy();
  };
}
