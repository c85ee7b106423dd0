/**
 * To supervisors (政务公开办), each working morning from 15 January to 31 March: the agencies below
 * them that have not yet submitted or published last year's annual report (第四十九条: by 31 January),
 * read from the report board (src/app/reports/service.ts statusBoard). Nothing when all have published.
 */
import { and, eq } from 'drizzle-orm';
import type { DbOrTx } from '../../../db/index.ts';
import { agencies, staffRoles, users } from '../../../db/schema.ts';
import type { IsoDate } from '../../../domain/calendar/index.ts';
import { chineseDate } from '../../../domain/calendar/index.ts';
import { reportRemindersDue } from '../../../domain/notifications/index.ts';
import { statusBoard, SYSTEM } from '../../reports/service.ts';
import type { OutgoingMessage } from '../notify.ts';

const STATUS_TEXT: Record<string, string> = {
  draft: '尚未报送',
  returned: '已退回修改',
  submitted: '已报送、待审查',
  cleared: '已审查通过、尚未公布',
};

export async function reportMissingMessages(db: DbOrTx, today: IsoDate): Promise<OutgoingMessage[]> {
  if (!reportRemindersDue(today)) return [];
  const year = Number(today.slice(0, 4)) - 1;
  const sups = await db
    .select({ userId: staffRoles.userId, name: users.displayName, code: agencies.code, agencyId: agencies.id })
    .from(staffRoles)
    .innerJoin(users, eq(users.id, staffRoles.userId))
    .innerJoin(agencies, eq(agencies.id, staffRoles.agencyId))
    .where(and(eq(staffRoles.role, 'supervisor'), eq(users.active, true)));
  const out: OutgoingMessage[] = [];
  const boards = new Map<string, Awaited<ReturnType<typeof statusBoard>>>();
  for (const s of sups) {
    if (!boards.has(s.code)) boards.set(s.code, await statusBoard(db, SYSTEM, s.code, year, today));
    const missing = boards.get(s.code)!.rows.filter((r) => r.status !== 'published');
    if (missing.length === 0) continue;
    const lines = missing.map(
      (r) => `· ${r.agency.name}：${r.status ? (STATUS_TEXT[r.status] ?? r.status) : '尚未编制'}（公布期限${chineseDate(r.deadline)}${r.late ? '，已逾期' : ''}）`,
    );
    out.push({
      key: `report_missing:${s.code}:${year}:${today}`,
      kind: 'report_missing',
      agencyId: s.agencyId,
      vars: { 姓名: s.name, 年度: String(year), 清单: lines.join('\n') },
      link: `/console/reports/${encodeURIComponent(s.code)}/board?year=${year}`,
      recipient: { userId: s.userId },
    });
  }
  return out;
}
