/**
 * 第三十一条: the day an application counts as received, by the channel it came through.
 */
import type { IsoDate } from '../calendar/index.ts';
import type { Channel } from '../taxonomy/index.ts';

/** Channels whose receipt date is the day both sides confirmed (第三十一条第二项后段、第三项; e-mail by policy). */
export function needsConfirmation(channel: Channel): boolean {
  return channel !== 'in_person' && channel !== 'mail_signed';
}

export const RECEIPT_RULES: Record<Channel, string> = {
  in_person: '当面提交的，以提交之日为收到申请之日（第三十一条第一项）',
  mail_signed: '邮寄提交的，以行政机关签收之日为收到申请之日（第三十一条第二项）',
  mail_unsigned: '以平常信函等无需签收的方式邮寄的，以与申请人确认之日为收到申请之日（第三十一条第二项）',
  online: '通过互联网渠道提交的，以双方确认之日为收到申请之日（第三十一条第三项）',
  fax: '通过传真提交的，以双方确认之日为收到申请之日（第三十一条第三项）',
  email: '通过电子邮件提交的，作为数据电文参照互联网渠道，以双方确认之日为收到申请之日（第三十一条第三项，本平台政策）',
};

/**
 * 第三十一条: the receipt date from the submission and, where needed, the confirmation.
 * Returns null while a confirmation is still needed.
 */
export function receiptDate(channel: Channel, submitted: IsoDate, confirmed?: IsoDate | null): IsoDate | null {
  if (!needsConfirmation(channel)) return submitted;
  return confirmed ?? null;
}

