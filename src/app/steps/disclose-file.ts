/** 上传公开的信息: a disclosed file attached to the case, downloadable by the applicant once decided. */
import { fileSchema } from '../applications/schemas.ts';
import { storeAttachment } from '../applications/intake.ts';
import { appendEvents } from '../../db/applications.ts';
import { defineStep } from './types.ts';

export const discloseFile = defineStep({
  name: 'disclose_file',
  label: '上传公开的信息',
  action: 'application.handle',
  input: { file: fileSchema },
  available: (view) => !!view.clock && !view.clock.withdrawnDate && view.splitInto.length === 0,
  backdated: true,
  // Checked with a placeholder id: the attachment is stored with the event.
  events: ({ date }, input) => [{ type: 'file_disclosed', date, attachmentId: 0, filename: input.file.filename }],
  async write(tx, { c, date, actor }, input) {
    const attachmentId = await storeAttachment(tx, 'application_disclosed', c.app.id, input.file, actor.userId);
    await appendEvents(tx, c.app.id, [{ type: 'file_disclosed', date, attachmentId, filename: input.file.filename }], actor.userId);
  },
  form: () => ({ button: '上传', multipart: true, fields: [{ kind: 'file', name: 'file', label: '文件' }] }),
  fromForm: (f) => ({ file: f.file }),
});
