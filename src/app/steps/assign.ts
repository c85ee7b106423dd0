/** 指定承办人: the handler in charge (by default the one who acts: 由我承办). */
import { eq } from 'drizzle-orm';
import { staffRoles, users } from '../../db/schema.ts';
import { isOpen } from '../../domain/applications/index.ts';
import { AppError } from '../errors.ts';
import { dbId } from '../schemas.ts';
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
  form: () => ({ button: '由我承办', fields: [{ kind: 'note', text: '由我承办。', hint: true }] }),
});
