/** The outbox's subscribers: registered once per process, by name (see index.ts for the API). */
import type { Tx } from '../../db/index.ts';
import type { OutboxMessage } from '../../db/outbox.ts';

/** A stored outbox message as a subscriber receives it: `{ topic, payload }` plus its id and tries. */
export type OutboxEntry = OutboxMessage & {
  id: number;
  /** How many times the dispatcher has tried the entry before (0 on the first delivery). */
  attempts: number;
  createdAt: Date;
};

export interface Subscriber {
  /** Unique and stable: deliveries are recorded under it (renaming a subscriber delivers again). */
  name: string;
  /** Whether this subscriber wants the entry (pure, fast: called for every entry). */
  handles(entry: OutboxEntry): boolean;
  /**
   * The effect. Runs in its own transaction (a savepoint of the dispatcher's), which also records
   * the delivery as done: what it writes through `tx` commits together with that record, or not at
   * all. Throwing rolls its writes back, keeps the message as the entry's last error and retries
   * the entry later with back-off (this subscriber only; those that succeeded are not run again).
   */
  run(tx: Tx, entry: OutboxEntry): Promise<void>;
}

const registry = new Map<string, Subscriber>();

/** Registers a subscriber for every dispatcher of this process; a second one of the same name is refused. */
export function registerSubscriber(subscriber: Subscriber): Subscriber {
  if (!/^[a-z][a-z0-9_.-]*$/.test(subscriber.name)) throw new Error(`订阅者名称「${subscriber.name}」应由小写字母、数字和 . _ - 组成`);
  if (registry.has(subscriber.name)) throw new Error(`订阅者「${subscriber.name}」已注册`);
  registry.set(subscriber.name, subscriber);
  return subscriber;
}

/** Removes a subscriber (tests). */
export function unregisterSubscriber(name: string): void {
  registry.delete(name);
}

export function registeredSubscribers(): Subscriber[] {
  return [...registry.values()];
}
