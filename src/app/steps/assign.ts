/** 指定承办人: the handler in charge (by default the one who acts: 由我承办). */
import { eq } from 'drizzle-orm';
import { staffRoles, users } from '../../db/schema.ts';
import { isOpen } from '../../domain/applications/index.ts';
import { AppError } from '../errors.ts';
import { dbId } from '../schemas.ts';
import { handlersAt } from '../staff.ts';
import { defineStep } from './types.ts';

export const assign = defineStep({
  name: 'assign',
  label: '指定承办人',
  action: 'application.handle',
  input: { handlerUserId: dbId('承办人编号', { coerce: false }).optional() },
  available: isOpen,
  // 由我承办 is offered only to someone who is not already the handler.
  offeredTo: (actor, c) => !(actor !== null && c.view.handlerUserId === actor.userId),
  backdated: true,
  async events({ db, actor, c, date, actorName }, input) {
    const handlerUserId = input.handlerUserId ?? actor.userId;
    const roles = await db.select().from(staffRoles).where(eq(staffRoles.userId, handlerUserId));
    if (!roles.some((r) => r.agencyId === c.app.agencyId && r.role === 'handler')) throw new AppError(400, 'handler_invalid', '只能指定本机关的承办人');
    const [u] = handlerUserId === actor.userId ? [{ name: actorName }] : await db.select({ name: users.displayName }).from(users).where(eq(users.id, handlerUserId));
    return [{ type: 'assigned', date, handlerUserId, handlerName: u?.name ?? '' }];
  },
  // The agency's other handlers may be chosen (who is then told: src/app/notifications/kinds/assigned.ts).
  async choices(db, c) {
    const all = await handlersAt(db, c.app.agencyId);
    if (all.length < 2) return { handlerUserId: [] }; // the only handler: 由我承办
    return { handlerUserId: all.filter((h) => h.id !== c.view.handlerUserId).map((h) => ({ value: String(h.id), label: h.displayName })) };
  },
  form: (_c, choices) => {
    const others = choices?.handlerUserId;
    if (others && others.length === 0) return { button: '由我承办', fields: [{ kind: 'note', text: '由我承办。', hint: true }] };
    return { button: '指定承办人', fields: [{ kind: 'select', name: 'handlerUserId', label: '承办人', id: 'f-handler', options: [{ value: '', label: '我' }, ...(others ?? [])] }] };
  },
  fromForm: (v) => ({ handlerUserId: typeof v.handlerUserId === 'string' && v.handlerUserId !== '' ? Number(v.handlerUserId) : undefined }),
});
