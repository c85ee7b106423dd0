/**
 * 拆分申请 (一事一申请, 第二十九条): one new application per part, with the parent's applicant,
 * channel, receipt and 补正; the parent records what it was split into.
 */
import { sql } from 'drizzle-orm';
import { z } from 'zod';
import { appendEvents, nextApplicationNumber } from '../../db/applications.ts';
import { applications } from '../../db/schema.ts';
import { isOpen, type CaseEvent } from '../../domain/applications/index.ts';
import { optText, text } from '../applications/schemas.ts';
import { defineStep } from './types.ts';

/** The events a part inherits from its parent. */
const INHERITED = new Set<CaseEvent['type']>(['submitted', 'receipt_confirmed', 'correction_requested', 'correction_received']);

export const split = defineStep({
  name: 'split',
  label: '拆分申请',
  action: 'application.handle',
  input: {
    parts: z.array(z.object({ subject: text('拆分后的申请内容', 500), description: optText('特征性描述', 2000) })).min(2, '拆分后至少应有两件申请').max(20),
  },
  available: (view) => isOpen(view) && !view.pendingDecision,
  // Checked with placeholders: the parts' numbers are taken when they are written.
  events: ({ date }, input) => [{ type: 'split', date, into: input.parts.map(() => '') }],
  async write(tx, { c, date, actor }, input) {
    // Lock order application → agency, as every other step (appendEvents, then the letter's 文号).
    await tx.execute(sql`select id from applications where id = ${c.app.id} for update`);
    const inherited = c.recorded.map((r) => r.event).filter((e) => INHERITED.has(e.type));
    const year = Number(c.today.slice(0, 4));
    const created: number[] = [];
    const into: string[] = [];
    for (const part of input.parts) {
      const number = await nextApplicationNumber(tx, c.app.agencyId, year);
      const { id: _id, number: _n, createdAt: _c, ...rest } = c.app;
      const [child] = await tx
        .insert(applications)
        .values({ ...rest, number, subject: part.subject, description: part.description ?? null, parentApplicationId: c.app.id, createdBy: actor.userId })
        .returning();
      await appendEvents(tx, child.id, [...inherited, { type: 'split_from', date, parentNumber: c.app.number }], actor.userId);
      created.push(child.id);
      into.push(number);
    }
    await appendEvents(tx, c.app.id, [{ type: 'split', date, into }], actor.userId);
    return { created };
  },
  form: () => ({
    button: '拆分为多件申请',
    fields: [{ kind: 'textarea', name: 'parts', id: 'f-parts', label: '拆分后的各项申请内容（每行一项，至少两项）', rows: 3, as: 'lines' }],
  }),
  fromForm: (f) => ({ parts: ((f.parts as string[] | undefined) ?? []).map((subject) => ({ subject })) }),
  timeline: { split: (e) => e.into.join('、') },
});
