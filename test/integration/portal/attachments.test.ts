/**
 * A catalogue document's attachments on a real database (src/app/portal/attachments.ts): only the
 * agency's publisher uploads and removes; the stored type is the sniffed one; a failure mid-way
 * (here: the audit entry refused by the database) leaves nothing behind; removal keeps the file in
 * the record with an audit entry and takes it off the page and the download; a draft's attachment is
 * not served to the public.
 */
import { beforeAll, expect, it } from 'vitest';
import { and, eq, sql } from 'drizzle-orm';
import { describeDatabases } from '../../support/db.ts';
import { agencies, attachments, auditLog, users } from '../../../src/db/schema.ts';
import { SYSTEM, type By } from '../../../src/app/policies.ts';
import { createDocument, findDocumentPage, publishDocument } from '../../../src/app/portal/documents.ts';
import { addAttachment, ATTACHMENT_POLICY, listAttachments, readAttachment, removeAttachment } from '../../../src/app/portal/attachments.ts';

const PDF = Buffer.from('%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');
const XLSX = Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.from('[Content_Types].xml\0xl/workbook.xml')]);
const file = (filename: string, bytes: Buffer) => ({ filename, contentBase64: bytes.toString('base64') });
const ANONYMOUS: By = { actor: null };

describeDatabases(
  'document attachments',
  (t) => {
    let zsj: number;
    let publisher: By;
    let otherPublisher: By;
    beforeAll(async () => {
      const id = async (code: string) => (await t.db.select({ id: agencies.id }).from(agencies).where(eq(agencies.code, code)))[0].id;
      zsj = await id('220500-zsj');
      const [u] = await t.db.select({ id: users.id }).from(users).where(eq(users.email, 'publisher@zsj.demo'));
      publisher = { actor: { userId: u.id, kind: 'staff', roles: [{ role: 'publisher', agencyId: zsj }] } };
      otherPublisher = { actor: { userId: u.id, kind: 'staff', roles: [{ role: 'publisher', agencyId: await id('220502') }] } };
    });
    const count = async (documentId: number) =>
      (await t.db.select({ n: sql<number>`count(*)::int` }).from(attachments).where(and(eq(attachments.ownerKind, 'document'), eq(attachments.ownerId, documentId))))[0].n;

    it('upload, list, download (not while a draft), remove with an audit entry; the bytes stay in the record', async () => {
      const d = await createDocument(t.db, zsj, { title: '2024年部门预算公开', category: 'budget', writtenDate: '2024-02-01', body: '预算说明' }, publisher);
      await expect(addAttachment(t.db, otherPublisher, d.id, file('预算表.xlsx', XLSX))).rejects.toMatchObject({ statusCode: 404 });
      const a = await addAttachment(t.db, publisher, d.id, file('预算表.xlsx', XLSX));
      expect(a).toMatchObject({ filename: '预算表.xlsx', contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', size: XLSX.length });
      const b = await addAttachment(t.db, publisher, d.id, { filename: ' 说明.pdf ', contentBase64: PDF.toString('base64') });
      expect(b.filename).toBe('说明.pdf');
      // A draft: its attachments are not public.
      await expect(readAttachment(t.db, ANONYMOUS, d.id, a.id)).rejects.toMatchObject({ statusCode: 404 });
      expect((await readAttachment(t.db, publisher, d.id, a.id)).bytes.equals(XLSX)).toBe(true);
      await publishDocument(t.db, d.id, { publishedDate: '2024-02-02' }, publisher);
      expect((await readAttachment(t.db, ANONYMOUS, d.id, b.id)).contentType).toBe('application/pdf');
      expect((await findDocumentPage(t.db, d.id))!.files.map((f) => f.filename)).toEqual(['预算表.xlsx', '说明.pdf']);

      await expect(removeAttachment(t.db, otherPublisher, d.id, a.id)).rejects.toMatchObject({ statusCode: 403 });
      await removeAttachment(t.db, publisher, d.id, a.id);
      await expect(removeAttachment(t.db, publisher, d.id, a.id)).rejects.toMatchObject({ statusCode: 404, message: '找不到该附件，它可能已被删除' });
      expect((await listAttachments(t.db, d.id)).map((f) => f.id)).toEqual([b.id]);
      expect((await findDocumentPage(t.db, d.id))!.files.map((f) => f.id)).toEqual([b.id]);
      await expect(readAttachment(t.db, ANONYMOUS, d.id, a.id)).rejects.toMatchObject({ statusCode: 404 });
      const [kept] = await t.db.select().from(attachments).where(eq(attachments.id, a.id));
      expect(kept.removedAt).not.toBeNull();
      expect(kept.removedBy).toBe(publisher.actor!.userId);
      const entries = await t.db.select().from(auditLog).where(and(eq(auditLog.entity, 'document'), eq(auditLog.entityId, String(d.id)))).orderBy(auditLog.id);
      expect(entries.map((e) => e.action).filter((x) => x.startsWith('document.attachment'))).toEqual(['document.attachment_add', 'document.attachment_add', 'document.attachment_remove']);
      expect(entries.at(-1)!.detail).toMatchObject({ attachmentId: a.id, filename: '预算表.xlsx', documentStatus: 'published', sha256: kept.sha256 });
    });

    it('refuses hostile files and too many, and a failure mid-way leaves nothing half-written', async () => {
      const d = await createDocument(t.db, zsj, { title: '附件测试', category: 'other', writtenDate: '2024-02-01' }, SYSTEM);
      await expect(addAttachment(t.db, publisher, d.id, file('通知.pdf', Buffer.from('<html>')))).rejects.toMatchObject({ statusCode: 415 });
      await expect(addAttachment(t.db, publisher, d.id, file('图.pdf', XLSX))).rejects.toMatchObject({ statusCode: 415, message: expect.stringContaining('扩展名与内容不符') });
      await expect(addAttachment(t.db, publisher, d.id, file('大.pdf', Buffer.concat([PDF, Buffer.alloc(10 * 1024 * 1024)])))).rejects.toMatchObject({ statusCode: 400, message: '文件「大.pdf」超过10MB' });
      expect(await count(d.id)).toBe(0);

      // The audit entry refused by the database after the file's row was written: both roll back.
      await t.db.execute(sql.raw(`CREATE FUNCTION test_refuse_attachment_audit() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN
        IF NEW.action = 'document.attachment_add' THEN RAISE EXCEPTION 'refused by the test'; END IF; RETURN NEW; END $$`));
      await t.db.execute(sql.raw(`CREATE TRIGGER test_refuse_attachment_audit BEFORE INSERT ON audit_log FOR EACH ROW EXECUTE FUNCTION test_refuse_attachment_audit()`));
      try {
        await expect(addAttachment(t.db, publisher, d.id, file('说明.pdf', PDF))).rejects.toThrow();
      } finally {
        await t.db.execute(sql.raw(`DROP TRIGGER test_refuse_attachment_audit ON audit_log`));
        await t.db.execute(sql.raw(`DROP FUNCTION test_refuse_attachment_audit()`));
      }
      expect(await count(d.id)).toBe(0);

      for (let i = 0; i < ATTACHMENT_POLICY.maxFilesPerDocument; i++) await addAttachment(t.db, publisher, d.id, file(`附件${i + 1}.pdf`, PDF));
      await expect(addAttachment(t.db, publisher, d.id, file('多余.pdf', PDF))).rejects.toMatchObject({ statusCode: 409, message: '一个文件最多20个附件' });
      expect(await count(d.id)).toBe(ATTACHMENT_POLICY.maxFilesPerDocument);
    });
  },
  { demo: true },
);
