/** The tables of redaction (区分处理, src/app/redaction), part of the one schema (schema.ts re-exports them). */

import { index, integer, jsonb, pgTable, serial, text, timestamp } from 'drizzle-orm/pg-core';
import { applications, attachments, createdAt, users } from './core-schema.ts';

/**
 * A document prepared for 部分公开 (区分处理, 第三十七条): the working PDF (the upload, or the PDF made
 * from a DOCX or an image), seen by staff only, and — once a reviewer has approved its redactions with
 * the decision — the redacted copy disclosed to the applicant.
 */
export const redactionDocuments = pgTable(
  'redaction_documents',
  {
    id: serial('id').primaryKey(),
    applicationId: integer('application_id')
      .notNull()
      .references(() => applications.id),
    /** The working PDF: an attachment of kind `redaction_source` (staff only). */
    sourceAttachmentId: integer('source_attachment_id')
      .notNull()
      .references(() => attachments.id),
    /** The uploaded file's name and kind (pdf, docx, image). */
    filename: text('filename').notNull(),
    sourceKind: text('source_kind').notNull(),
    pageCount: integer('page_count').notNull(),
    /** The redacted copy (an `application_disclosed` attachment), set when approved. */
    disclosedAttachmentId: integer('disclosed_attachment_id').references(() => attachments.id),
    approvedBy: integer('approved_by').references(() => users.id),
    approvedAt: timestamp('approved_at', { withTimezone: true }),
    createdBy: integer('created_by').references(() => users.id),
    createdAt: createdAt(),
  },
  (t) => [index('redaction_documents_app_idx').on(t.applicationId)],
);

/**
 * One redaction of a document: where (page, rectangles in page space — points from the top-left of
 * the page as displayed), on which basis (src/domain/redaction/bases.ts), what it is and why. The
 * list of withheld parts in the 部分公开告知书 is built from these rows.
 */
export const redactions = pgTable(
  'redactions',
  {
    id: serial('id').primaryKey(),
    documentId: integer('document_id')
      .notNull()
      .references(() => redactionDocuments.id),
    page: integer('page').notNull(),
    rects: jsonb('rects').notNull(),
    /** How it was marked: box (drawn), text (selected or searched), pattern (a confirmed personal number). */
    source: text('source').notNull(),
    basis: text('basis').notNull(),
    what: text('what').notNull(),
    reason: text('reason'),
    law: text('law'),
    createdBy: integer('created_by').references(() => users.id),
    createdAt: createdAt(),
  },
  (t) => [index('redactions_document_idx').on(t.documentId)],
);
