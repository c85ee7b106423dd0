/**
 * 区分处理 in a case (第三十七条): the handler adds the document to be disclosed (staff only), marks
 * what is withheld on its pages — each mark with its basis, what it is and why — and proposes the
 * 部分公开 decision, whose withheld parts are built from the marks; the reviewer approves the marks
 * with the decision, in one transaction: the decision and its letter (the existing steps), and the
 * redacted copy of each document disclosed to the applicant. The original never leaves the staff.
 *
 * Marks may be changed only before approval; a proposed decision whose withheld parts no longer
 * match the marks cannot be approved (the letter must describe the file the applicant receives).
 */
import { and, asc, eq, inArray } from 'drizzle-orm';
import type { Db, DbOrTx } from '../../db/index.ts';
import { appendEvents } from '../../db/applications.ts';
import { recordAudit } from '../../db/audit.ts';
import { attachments, redactionDocuments, redactions } from '../../db/schema.ts';
import { isRedactionBasisId, withheldList, withheldParts, type RedactionBasisId } from '../../domain/redaction/index.ts';
import type { WithheldPart } from '../../domain/letters/index.ts';
import { AppError, notFound, validationFailed } from '../errors.ts';
import { stepSchema } from '../steps/index.ts';
import { assertCan, loadCase, type LoadedCase } from '../applications/case.ts';
import { storeAttachment } from '../applications/intake.ts';
import { performStep } from '../applications/steps.ts';
import type { Actor } from '../policies.ts';
import type { Rect } from './mupdf.ts';
import { pdfTools } from './pool.ts';
import type { ScanHit } from './scan.ts';


export type DocumentRow = typeof redactionDocuments.$inferSelect;
export type RedactionRow = typeof redactions.$inferSelect;

export interface MarkInput {
  page: number;
  rects: Rect[];
  source: 'box' | 'text' | 'pattern';
  /** For a text selection: the text selected; its rectangles are then snapped to the PDF's characters. */
  text?: string;
  basis: RedactionBasisId;
  what: string;
  reason?: string;
  law?: string;
}

const SOURCE_KIND = 'redaction_source';

async function loadDocument(db: DbOrTx, actor: Actor | null, documentId: number, action: 'application.view' | 'application.handle') {
  const [doc] = await db.select().from(redactionDocuments).where(eq(redactionDocuments.id, documentId));
  if (!doc) throw notFound('找不到该文件');
  const c = await loadCase(db, doc.applicationId, false);
  assertCan(actor, action, c);
  return { doc, c };
}

async function sourceBytes(db: DbOrTx, doc: DocumentRow): Promise<Uint8Array> {
  const [a] = await db.select({ bytes: attachments.bytes }).from(attachments).where(eq(attachments.id, doc.sourceAttachmentId));
  return new Uint8Array(a.bytes);
}

/** Adds a document to redact (PDF, DOCX or image; a DOCX or image is made into a PDF). */
export async function addDocument(db: Db, actor: Actor, applicationId: number, file: { filename: string; contentBase64: string }, ip?: string): Promise<DocumentRow> {
  const c = await loadCase(db, applicationId, false);
  assertCan(actor, 'application.handle', c);
  // MuPDF in its worker pool (pool.ts): a hostile file stalls no one else.
  const { pdf, kind } = await pdfTools.toPdf(Buffer.from(file.contentBase64, 'base64'));
  const pageCount = (await pdfTools.scanPdf(pdf)).pages.length;
  const stem = file.filename.replace(/\.[^.]*$/, '') || '文件';
  return db.transaction(async (tx) => {
    const attachmentId = await storeAttachment(tx, SOURCE_KIND, applicationId, { filename: `${stem}.pdf`, contentType: 'application/pdf', contentBase64: Buffer.from(pdf).toString('base64') }, actor.userId);
    const [row] = await tx
      .insert(redactionDocuments)
      .values({ applicationId, sourceAttachmentId: attachmentId, filename: file.filename, sourceKind: kind, pageCount, createdBy: actor.userId })
      .returning();
    await recordAudit(tx, { actorUserId: actor.userId, action: 'redaction.document_add', entity: 'application', entityId: applicationId, detail: { documentId: row.id, filename: file.filename, pages: pageCount }, ip });
    return row;
  });
}

export interface CaseRedactions {
  documents: Array<DocumentRow & { redactions: RedactionRow[] }>;
  /** The withheld parts the marks give (for the 部分公开告知书). */
  withheldParts: WithheldPart[];
  /** Whether a proposed 部分公开 decision awaits approval and lists exactly these parts. */
  pendingPartial: 'none' | 'matches' | 'differs';
}

/** The case's documents and their marks (staff). */
export async function caseRedactions(db: DbOrTx, actor: Actor | null, applicationId: number, loaded?: LoadedCase): Promise<CaseRedactions> {
  const c = loaded ?? (await loadCase(db, applicationId, false));
  assertCan(actor, 'application.view', c);
  const docs = await db.select().from(redactionDocuments).where(eq(redactionDocuments.applicationId, applicationId)).orderBy(asc(redactionDocuments.id));
  const marks = docs.length
    ? await db.select().from(redactions).where(inArray(redactions.documentId, docs.map((d) => d.id))).orderBy(asc(redactions.page), asc(redactions.id))
    : [];
  // In reading order: page, then top to bottom, left to right (so the letter follows the document).
  const at = (m: RedactionRow) => (m.rects as Rect[])[0] ?? [0, 0, 0, 0];
  marks.sort((a, b) => a.page - b.page || Math.round(at(a)[1] / 4) - Math.round(at(b)[1] / 4) || at(a)[0] - at(b)[0] || a.id - b.id);
  const documents = docs.map((d) => ({ ...d, redactions: marks.filter((m) => m.documentId === d.id) }));
  const parts = partsOf(documents.filter((d) => !d.approvedAt));
  const p = c.view.pendingDecision;
  const pendingPartial = !p || p.outcome !== 'partial' ? 'none' : sameParts(p.details.withheldParts ?? [], parts) ? 'matches' : 'differs';
  return { documents, withheldParts: parts, pendingPartial };
}

/** Withheld parts, document by document, page by page; the file is named when there are several. */
function partsOf(documents: Array<DocumentRow & { redactions: RedactionRow[] }>): WithheldPart[] {
  const named = documents.filter((d) => d.redactions.length).length > 1;
  return documents.flatMap((d) =>
    withheldParts(
      withheldList(
        d.redactions.map((r) => ({ page: r.page, basis: r.basis as RedactionBasisId, what: r.what, reason: r.reason ?? undefined, law: r.law ?? undefined })),
      ),
    ).map((p) => (named ? { ...p, content: `《${d.filename.replace(/\.[^.]*$/, '')}》${p.content}` } : p)),
  );
}

const partKey = (p: WithheldPart) => JSON.stringify([p.content, p.ground, p.reason, p.prohibitingLaw ?? '']);
function sameParts(a: readonly WithheldPart[], b: readonly WithheldPart[]): boolean {
  return a.length === b.length && a.every((p, i) => partKey(p) === partKey(b[i]));
}

/** The working PDF (staff who may see the case). */
export async function documentSource(db: DbOrTx, actor: Actor | null, documentId: number): Promise<{ doc: DocumentRow; pdf: Uint8Array }> {
  const { doc } = await loadDocument(db, actor, documentId, 'application.view');
  return { doc, pdf: await sourceBytes(db, doc) };
}

function checkMark(m: MarkInput, pageCount: number): void {
  if (!Number.isInteger(m.page) || m.page < 1 || m.page > pageCount) throw new AppError(400, 'redaction_invalid', `页码${m.page}不存在：文件共${pageCount}页`);
  if (!isRedactionBasisId(m.basis)) throw new AppError(400, 'redaction_invalid', '请选择区分处理的依据');
  if (!m.what.trim()) throw new AppError(400, 'redaction_invalid', '请写明删除的是什么内容（如“公民身份号码”）');
  if (m.basis === 'prohibited' && !m.law?.trim()) throw new AppError(400, 'redaction_invalid', '依据“法律、行政法规禁止公开”须写明是哪部法律、行政法规');
  if (m.rects.length === 0 || m.rects.some((r) => !r.every(Number.isFinite) || r[2] - r[0] < 0.5 || r[3] - r[1] < 0.5)) {
    throw new AppError(400, 'redaction_invalid', `第${m.page}页的删除区域无效`);
  }
}

function assertDraft(doc: DocumentRow): void {
  if (doc.approvedAt) throw new AppError(409, 'redaction_approved', '该文件的区分处理已经审批，不能再修改');
}

/** Adds marks to a document (handler). */
export async function addRedactions(db: Db, actor: Actor, documentId: number, marks: readonly MarkInput[], ip?: string): Promise<RedactionRow[]> {
  const { doc } = await loadDocument(db, actor, documentId, 'application.handle');
  assertDraft(doc);
  for (const m of marks) checkMark(m, doc.pageCount);
  const selections = marks.filter((m) => m.source === 'text' && m.text?.trim());
  const pdf = selections.length ? await sourceBytes(db, doc) : undefined;
  const exact: MarkInput[] = [];
  for (const m of marks) {
    if (!pdf || m.source !== 'text' || !m.text?.trim()) {
      exact.push(m);
      continue;
    }
    const rects = await pdfTools.snapSelection(pdf, m.page, m.text, m.rects);
    if (!rects) throw new AppError(422, 'redaction_selection', `第${m.page}页上找不到所选的文字“${m.text.trim().slice(0, 20)}”，请改用框选`);
    exact.push({ ...m, rects });
  }
  return db.transaction(async (tx) => {
    const rows = await tx
      .insert(redactions)
      .values(exact.map((m) => ({ documentId, page: m.page, rects: m.rects, source: m.source, basis: m.basis, what: m.what.trim(), reason: m.reason?.trim() || null, law: m.law?.trim() || null, createdBy: actor.userId })))
      .returning();
    await recordAudit(tx, { actorUserId: actor.userId, action: 'redaction.mark', entity: 'application', entityId: doc.applicationId, detail: { documentId, marks: rows.map((r) => ({ id: r.id, page: r.page, basis: r.basis, what: r.what })) }, ip });
    return rows;
  });
}

/** Removes a mark before approval (handler); the audit log keeps what it was. */
export async function deleteRedaction(db: Db, actor: Actor, documentId: number, redactionId: number, ip?: string): Promise<void> {
  const { doc } = await loadDocument(db, actor, documentId, 'application.handle');
  assertDraft(doc);
  await db.transaction(async (tx) => {
    const [row] = await tx.delete(redactions).where(and(eq(redactions.id, redactionId), eq(redactions.documentId, documentId))).returning();
    if (!row) throw notFound('找不到该删除标记');
    await recordAudit(tx, { actorUserId: actor.userId, action: 'redaction.unmark', entity: 'application', entityId: doc.applicationId, detail: { documentId, id: row.id, page: row.page, basis: row.basis, what: row.what }, ip });
  });
}

/** Personal numbers found on the document's pages, for the handler to confirm one by one. */
export async function scanDocument(db: DbOrTx, actor: Actor, documentId: number): Promise<ScanHit[]> {
  const { doc } = await loadDocument(db, actor, documentId, 'application.handle');
  return (await pdfTools.scanPdf(await sourceBytes(db, doc))).hits;
}

/** The redacted copy as it would be disclosed (staff preview; nothing stored). */
export async function previewDocument(db: DbOrTx, actor: Actor | null, documentId: number): Promise<{ doc: DocumentRow; pdf: Uint8Array }> {
  const { doc } = await loadDocument(db, actor, documentId, 'application.view');
  const marks = await db.select().from(redactions).where(eq(redactions.documentId, documentId));
  if (marks.length === 0) throw new AppError(409, 'redaction_none', '该文件还没有删除标记');
  return { doc, pdf: (await pdfTools.redactPdf(await sourceBytes(db, doc), { boxes: boxesOf(marks) })).pdf };
}

function boxesOf(marks: readonly RedactionRow[]) {
  return marks.flatMap((m) => (m.rects as Rect[]).map((rect) => ({ page: m.page, rect, basis: m.basis as RedactionBasisId, what: m.what })));
}

/** The handler proposes 部分公开 with the withheld parts the marks give (the existing decision step). */
export async function proposePartial(db: Db, actor: Actor, applicationId: number, input: { disclosedPart: string; access: string; reasonDetail?: string; date?: string }, ip?: string): Promise<void> {
  const state = await caseRedactions(db, actor, applicationId);
  if (state.withheldParts.length === 0) throw new AppError(409, 'redaction_none', '还没有标注不予公开的内容：请先在文件上标注删除的内容及依据');
  const parsed = stepSchema.safeParse({
    step: 'decision_propose',
    ...(input.date ? { date: input.date } : {}),
    outcome: 'partial',
    details: { disclosedPart: input.disclosedPart, access: input.access, ...(input.reasonDetail ? { reasonDetail: input.reasonDetail } : {}), withheldParts: state.withheldParts },
  });
  if (!parsed.success) throw validationFailed(parsed.error.issues.map((i) => i.message).join('；'));
  await performStep(db, actor, applicationId, parsed.data, ip);
}

/**
 * The reviewer approves the marks with the 部分公开 decision: one transaction records the decision
 * and issues its letter (the decision_review step), stores each redacted copy as disclosed to the
 * applicant, and closes the documents to further marks. The copies are made before anything is written.
 */
export async function approvePartial(db: Db, actor: Actor, applicationId: number, ip?: string): Promise<{ disclosed: number[] }> {
  const c = await loadCase(db, applicationId, false);
  assertCan(actor, 'application.approve', c);
  const state = await caseRedactions(db, actor, applicationId, c);
  if (state.pendingPartial === 'none') throw new AppError(409, 'decision.none_pending', '没有等待审批的部分公开答复意见');
  if (state.pendingPartial === 'differs') {
    throw new AppError(409, 'redaction_changed', '拟办意见中列明的不予公开内容与文件上的删除标记不一致（标记在拟办后有改动）：请退回承办人重新拟办');
  }
  const open = state.documents.filter((d) => !d.approvedAt && d.redactions.length);
  const copies: Array<{ d: (typeof open)[number]; pdf: Uint8Array }> = [];
  for (const d of open) copies.push({ d, pdf: (await pdfTools.redactPdf(await sourceBytes(db, d), { boxes: boxesOf(d.redactions) })).pdf });
  return db.transaction(async (tx) => {
    // The decision step in this transaction (drizzle nests it as a savepoint).
    await performStep(tx as unknown as Db, actor, applicationId, { step: 'decision_review', approve: true }, ip);
    const disclosed: number[] = [];
    for (const { d, pdf } of copies) {
      const filename = `${d.filename.replace(/\.[^.]*$/, '')}（区分处理）.pdf`;
      const attachmentId = await storeAttachment(tx, 'application_disclosed', applicationId, { filename, contentType: 'application/pdf', contentBase64: Buffer.from(pdf).toString('base64') }, actor.userId);
      await appendEvents(tx, applicationId, [{ type: 'file_disclosed', date: c.today, attachmentId, filename }], actor.userId);
      await tx.update(redactionDocuments).set({ disclosedAttachmentId: attachmentId, approvedBy: actor.userId, approvedAt: new Date() }).where(eq(redactionDocuments.id, d.id));
      disclosed.push(attachmentId);
    }
    await recordAudit(tx, { actorUserId: actor.userId, action: 'redaction.approve', entity: 'application', entityId: applicationId, detail: { documents: open.map((d) => d.id), disclosed }, ip });
    return { disclosed };
  });
}
