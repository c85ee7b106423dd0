/**
 * 收到补正 (第三十条): the corrected application arrived; the reply period starts again from that day
 * (「答复期限自行政机关收到补正的申请之日起计算」). One step for both ways it arrives:
 * - staff record a 补正 that came by post, in person, by fax or e-mail, on the day it arrived;
 * - the applicant sends it online from 我的申请 (text and files), on the day the platform receives it
 *   (ONLINE_CORRECTION_RECEIVED_ON, src/domain/clock/policies.ts): channel 在线, the applicant as the
 *   actor, no other date; only while the period runs (correctionWindow, 第三十条).
 */
import { z } from 'zod';
import { appendEvents } from '../../db/applications.ts';
import { correctionWindow, isOpen, type CaseEventOf } from '../../domain/applications/index.ts';
import { CHANNEL_LABELS, CHANNELS, type Channel } from '../../domain/taxonomy/index.ts';
import { AppError } from '../errors.ts';
import { ruleCode } from '../error-codes.ts';
import { storeAttachment } from '../applications/intake.ts';
import { fileSchema, optText } from '../applications/schemas.ts';
import type { Actor } from '../policies.ts';
import { defineStep } from './types.ts';

const applicant = (actor: Actor | null) => actor?.kind === 'applicant';
/** Staff record the channels other than the applicant's own online one. */
const STAFF_CHANNELS = CHANNELS.filter((c) => c !== 'online');

/** The event of the step (the attachments' ids once stored). */
function event(date: string, channel: Channel | undefined, text: string | undefined, attachmentIds: number[] | undefined): CaseEventOf<'correction_received'> {
  return {
    type: 'correction_received',
    date,
    ...(channel ? { channel } : {}),
    ...(text ? { text } : {}),
    ...(attachmentIds?.length ? { attachmentIds } : {}),
  };
}

export const correctionReceive = defineStep({
  name: 'correction_receive',
  label: '收到补正',
  action: (actor) => (applicant(actor) ? 'application.correct_own' : 'application.handle'),
  input: {
    /** How it arrived (staff); the applicant's own is always 在线. */
    channel: z.enum(CHANNELS, { error: '请选择补正的提交方式' }).optional(),
    text: optText('补正内容', 5000),
    /** The files of the 补正 (the limits of the application's attachments: schemas.ts, intake.ts). */
    files: z.array(fileSchema).max(10, '补正材料不能超过10个文件').optional(),
  },
  available: (view) => isOpen(view) && view.clock?.state === 'awaiting_correction',
  // The applicant is offered the form only while the period runs (the use case refuses it after, below).
  offeredTo: (actor, c) => !applicant(actor) || correctionWindow(c.view, c.today).open,
  events({ actor, c, date }, input) {
    if (!applicant(actor)) {
      if (input.channel === 'online') throw new AppError(400, 'correction.online_by_applicant', '在线补正由申请人在「我的申请」中提交；请选择实际收到补正的方式');
      return [event(date, input.channel, input.text, input.files?.length ? [0] : undefined)];
    }
    const w = correctionWindow(c.view, c.today);
    if (!w.open) throw new AppError(409, ruleCode(w.code), w.message);
    if (input.date !== undefined && input.date !== c.today) {
      throw new AppError(400, 'correction.date', '在线提交的补正以平台收到之日为收到补正之日，不能另填日期');
    }
    if (input.channel !== undefined && input.channel !== 'online') throw new AppError(400, 'correction.channel', '申请人本人在线提交补正，提交方式为「在线」');
    if (!input.text && !input.files?.length) throw new AppError(400, 'correction.empty', '请填写补正内容或上传补正材料');
    // Checked with placeholder ids: the files are stored with the event (write).
    return [event(date, 'online', input.text, input.files?.map(() => 0))];
  },
  async write(tx, { actor, c, date }, input) {
    const ids: number[] = [];
    for (const f of input.files ?? []) ids.push(await storeAttachment(tx, 'application:correction', c.app.id, f, actor.userId));
    const channel = applicant(actor) ? 'online' : input.channel;
    await appendEvents(tx, c.app.id, [event(date, channel, input.text, ids)], actor.userId);
  },
  form: () => ({
    fields: [
      { kind: 'date' },
      {
        kind: 'select',
        name: 'channel',
        id: 'f-correction-channel',
        label: '收到补正的方式',
        prompt: '（未注明）',
        options: STAFF_CHANNELS.map((ch) => ({ value: ch, label: CHANNEL_LABELS[ch] })),
      },
      { kind: 'textarea', name: 'text', id: 'f-correction-text', label: '补正内容摘要（可不填）', rows: 2 },
    ],
  }),
  timeline: {
    correction_received: (e) =>
      [e.channel === 'online' ? '申请人在线提交' : e.channel ? CHANNEL_LABELS[e.channel] : '', e.attachmentIds?.length ? `附件${e.attachmentIds.length}个` : '', e.text ?? '']
        .filter(Boolean)
        .join('，'),
  },
});
