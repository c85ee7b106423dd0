/**
 * The write side of the outbox (the dispatcher is src/app/outbox): `publish(tx, messages)` inserts
 * messages in the caller's transaction, so they exist exactly when the change they announce was
 * committed. Every topic has one payload schema here (OUTBOX_TOPICS); a stored payload that does not
 * parse is a loud error of the entry (kept as its last error and retried), never a cast.
 */
import { sql } from 'drizzle-orm';
import { z } from 'zod';
import { caseEventSchema } from '../domain/applications/index.ts';
import type { DbOrTx } from './index.ts';
import { outbox } from './schema.ts';

/** An application's event as published by appendEvents (one entry per event). */
export const applicationEventMessage = z.object({
  applicationId: z.number().int(),
  seq: z.number().int(),
  actorUserId: z.number().int().nullable(),
  event: caseEventSchema,
});

/** The topics and their payloads. Add a topic: a line here (its schema), then publish it. */
export const OUTBOX_TOPICS = {
  'application.event': applicationEventMessage,
} as const;

export type OutboxTopic = keyof typeof OUTBOX_TOPICS;
export type OutboxPayload<T extends OutboxTopic> = z.infer<(typeof OUTBOX_TOPICS)[T]>;
/** A message of one of the topics: `{ topic, payload }`, the payload typed by the topic. */
export type OutboxMessage = { [T in OutboxTopic]: { topic: T; payload: OutboxPayload<T> } }[OutboxTopic];

type Listener = () => void;
const listeners = new Set<Listener>();

/**
 * Called (in this process) whenever messages were written, before their transaction commits: the
 * dispatchers use it to look again soon, instead of waiting for their next poll.
 */
export function onOutboxWritten(listener: Listener): () => void {
  listeners.add(listener);
  return () => {
    listeners.delete(listener);
  };
}

function written(): void {
  for (const l of listeners) l();
}

/** Inserts messages into the outbox, in the caller's transaction (one statement, however many). */
export async function publish(tx: DbOrTx, messages: readonly OutboxMessage[]): Promise<void> {
  if (messages.length === 0) return;
  for (const m of messages) OUTBOX_TOPICS[m.topic].parse(m.payload);
  if (messages.length === 1) await tx.insert(outbox).values({ topic: messages[0].topic, payload: messages[0].payload });
  else {
    await tx.execute(
      sql`insert into outbox (topic, payload)
          select topic, payload from jsonb_to_recordset(${JSON.stringify(messages)}::jsonb) as x(topic text, payload jsonb)`,
    );
  }
  written();
}

/** Parses a stored entry's payload by its topic; throws (in Chinese) when it does not fit. */
export function parseOutboxMessage(topic: string, payload: unknown): OutboxMessage {
  const schema = (OUTBOX_TOPICS as Record<string, z.ZodType>)[topic];
  if (!schema) throw new Error(`消息队列中有未知的主题「${topic}」`);
  const r = schema.safeParse(payload);
  if (!r.success) throw new Error(`消息队列中主题「${topic}」的内容不符合其格式：${r.error.issues.map((i) => `${i.path.join('.')} ${i.message}`).join('；')}`);
  return { topic, payload: r.data } as OutboxMessage;
}
