/**
 * A catalogue document's attachments (附件: the PDF of the signed document, its annexes as Word or
 * Excel, scanned pages): uploaded and removed by the agency's 信息公开专员 (document.publish), listed
 * and downloaded on the public document page once the document is public (src/server/pages/portal.ts).
 *
 * What is accepted (ATTACHMENT_POLICY): PDF, DOCX, XLSX and images, told by their first bytes
 * (src/lib/files/sniff.ts, the check the redaction upload uses); the name's extension must agree with
 * the content; Office files with macros are refused; at most 10 MB a file (storeAttachment, as for an
 * application's attachments) and 20 files a document. The stored type is the sniffed one, never the
 * browser's. The upload and its audit entry are one transaction: a failure leaves nothing behind.
 *
 * Removal takes the file off the page and the download (removed_at, removed_by) and keeps it in the
 * record with an audit entry (nothing is deleted), before or after publication.
 */
import { and, asc, eq, isNull, sql } from 'drizzle-orm';
import type { Db, DbOrTx } from '../../db/index.ts';
import { recordAudit } from '../../db/audit.ts';
import { attachments } from '../../db/schema.ts';
import { sniffFile } from '../../lib/files/sniff.ts';
import { findControlCharacter } from '../../domain/text/index.ts';
import { AppError, notFound } from '../errors.ts';
import { storeAttachment } from '../applications/intake.ts';
import type { RecordAnswer } from '../idempotency.ts';
import { auditActor, type By } from '../policies.ts';
import { publicDataChanged } from '../public-changes.ts';
import { documentForEditing, readDocument } from './documents.ts';

export const DOCUMENT_ATTACHMENT_KIND = 'document';

export const ATTACHMENT_POLICY = {
  maxFilesPerDocument: 20,
  maxFilenameLength: 200,
  /** What the upload form and the refusals name. */
  accepted: 'PDF、Word（.docx）、Excel（.xlsx）和图片（PNG、JPEG、GIF、TIFF、BMP）',
} as const;

export interface AttachmentUpload {
  filename: string;
  /** The file's bytes, base64 (the console's multipart form: src/server/pages/application-parts.ts). */
  contentBase64: string;
}

export interface AttachmentItem {
  id: number;
  filename: string;
  contentType: string;
  size: number;
  createdAt: Date;
}

const unsupported = (filename: string, why: string) => new AppError(415, 'attachment_unsupported', `附件「${filename}」${why}。可上传：${ATTACHMENT_POLICY.accepted}`);

/** The checks of one file (type by content, extension, macros, name): the content type to store. */
export function checkAttachment(filename: string, bytes: Uint8Array): string {
  const name = filename.trim();
  if (!name) throw new AppError(400, 'attachment_name', '附件没有文件名');
  if (name.length > ATTACHMENT_POLICY.maxFilenameLength) throw new AppError(400, 'attachment_name', `附件的文件名不能超过${ATTACHMENT_POLICY.maxFilenameLength}个字`);
  if (findControlCharacter(name) !== undefined) throw new AppError(400, 'attachment_name', '附件的文件名不能包含控制字符');
  if (bytes.length === 0) throw new AppError(400, 'file_empty', `附件「${name}」是空的`);
  const found = sniffFile(bytes);
  if (!found) throw unsupported(name, '的内容不是允许的文件类型');
  const dot = name.lastIndexOf('.');
  const ext = dot > 0 ? name.slice(dot).toLowerCase() : '';
  if (!found.extensions.includes(ext)) throw unsupported(name, `的扩展名与内容不符：内容是${found.label}，扩展名应为 ${found.extensions.join(' 或 ')}`);
  if (found.macros) throw unsupported(name, '含有宏（VBA），为安全起见不予上传，请另存为不含宏的文件');
  return found.mime;
}

/** The attachments of a document still on it (not removed), oldest first. */
export async function listAttachments(db: DbOrTx, documentId: number): Promise<AttachmentItem[]> {
  return db
    .select({ id: attachments.id, filename: attachments.filename, contentType: attachments.contentType, size: attachments.size, createdAt: attachments.createdAt })
    .from(attachments)
    .where(and(eq(attachments.ownerKind, DOCUMENT_ATTACHMENT_KIND), eq(attachments.ownerId, documentId), isNull(attachments.removedAt)))
    .orderBy(asc(attachments.id));
}

/** Staff: a document's attachments, for the console (document.publish at its agency). */
export async function attachmentsForEditing(db: DbOrTx, by: By, documentId: number): Promise<AttachmentItem[]> {
  await documentForEditing(db, by, documentId);
  return listAttachments(db, documentId);
}

/**
 * Uploads one attachment to a document (a draft, a published or a withdrawn one); `opts.record` (an
 * Idempotency-Key's answer) is written in the same transaction.
 */
export async function addAttachment(db: Db, by: By, documentId: number, file: AttachmentUpload, opts: { record?: RecordAnswer<AttachmentItem> } = {}): Promise<AttachmentItem> {
  const bytes = Buffer.from(file.contentBase64, 'base64');
  const contentType = checkAttachment(file.filename, bytes);
  const filename = file.filename.trim();
  const item = await db.transaction(async (tx) => {
    const doc = await documentForEditing(tx, by, documentId);
    if (doc.status === 'repealed') throw new AppError(409, 'document_state', '已废止的文件不能再添加附件');
    // One upload at a time per document, so that the count below stays true.
    await tx.execute(sql`SELECT id FROM documents WHERE id = ${doc.id} FOR UPDATE`);
    const [{ n }] = await tx
      .select({ n: sql<number>`count(*)::int` })
      .from(attachments)
      .where(and(eq(attachments.ownerKind, DOCUMENT_ATTACHMENT_KIND), eq(attachments.ownerId, doc.id), isNull(attachments.removedAt)));
    if (Number(n) >= ATTACHMENT_POLICY.maxFilesPerDocument) throw new AppError(409, 'attachment_limit', `一个文件最多${ATTACHMENT_POLICY.maxFilesPerDocument}个附件`);
    const id = await storeAttachment(tx, DOCUMENT_ATTACHMENT_KIND, doc.id, { filename, contentType, contentBase64: file.contentBase64 }, auditActor(by).actorUserId);
    const [row] = await tx
      .select({ id: attachments.id, filename: attachments.filename, contentType: attachments.contentType, size: attachments.size, createdAt: attachments.createdAt, sha256: attachments.sha256 })
      .from(attachments)
      .where(eq(attachments.id, id));
    await recordAudit(tx, {
      ...auditActor(by),
      action: 'document.attachment_add',
      entity: 'document',
      entityId: doc.id,
      detail: { attachmentId: id, filename: row.filename, contentType, size: row.size, sha256: row.sha256 },
    });
    const { sha256: _sha, ...item } = row;
    await opts.record?.(tx, item);
    return item;
  });
  await publicDataChanged(db);
  return item;
}

/** Takes an attachment off a document (kept in the record; no longer listed or served). */
export async function removeAttachment(db: Db, by: By, documentId: number, attachmentId: number): Promise<void> {
  await db.transaction(async (tx) => {
    const doc = await documentForEditing(tx, by, documentId);
    const [f] = await currentAttachment(tx, doc.id, attachmentId);
    if (!f) throw notFound('找不到该附件，它可能已被删除');
    await tx.update(attachments).set({ removedAt: new Date(), removedBy: auditActor(by).actorUserId }).where(eq(attachments.id, f.id));
    await recordAudit(tx, {
      ...auditActor(by),
      action: 'document.attachment_remove',
      entity: 'document',
      entityId: doc.id,
      detail: { attachmentId: f.id, filename: f.filename, size: f.size, sha256: f.sha256, documentStatus: doc.status },
    });
  });
  await publicDataChanged(db);
}

function currentAttachment(db: DbOrTx, documentId: number, attachmentId: number) {
  if (!Number.isSafeInteger(attachmentId) || attachmentId <= 0 || attachmentId >= 2 ** 31) return Promise.resolve([]);
  return db
    .select()
    .from(attachments)
    .where(and(eq(attachments.id, attachmentId), eq(attachments.ownerKind, DOCUMENT_ATTACHMENT_KIND), eq(attachments.ownerId, documentId), isNull(attachments.removedAt)));
}

/** A download: an attachment of a document `by` may see (a public one for everyone), not removed. */
export async function readAttachment(db: DbOrTx, by: By, documentId: number, attachmentId: number) {
  const doc = await readDocument(db, by, documentId);
  const [f] = await currentAttachment(db, doc.id, attachmentId);
  if (!f) throw notFound('找不到该附件');
  return { filename: f.filename, contentType: f.contentType, bytes: f.bytes };
}
