/**
 * Notifications (issue 17, contracts.md §7). What a use case calls: notify() (notify.ts). What a
 * process runs: startNotificationWorkers() — the e-mail dispatcher (when e-mail is on) and the
 * working morning's scheduler.
 */
import type { Db } from '../../db/index.ts';
import { startMailDispatcher, type DispatchOptions } from './dispatcher.ts';
import { checkMailConfig, createMailTransport, mailConfigFromEnv, publicBaseUrl } from './mail.ts';
import { startScheduler } from './schedule.ts';

export { notify, type OutgoingMessage } from './notify.ts';

// The kinds that follow a case event, subscribed to the outbox when this module is loaded.
import './kinds/receipt.ts';
import './kinds/letter.ts';
import './kinds/assigned.ts';

export interface WorkerOptions extends Partial<Omit<DispatchOptions, 'transport' | 'from' | 'baseUrl'>> {
  /** Poll of the mail queue (default 5 s). */
  pollMs?: number;
  /** Run the working morning's scheduler in this process (default true). */
  scheduler?: boolean;
  schedulerIntervalMs?: number;
  env?: NodeJS.ProcessEnv;
}

export interface Workers {
  /** Whether e-mail is on. */
  mail: boolean;
  stop(): Promise<void>;
}

export function startNotificationWorkers(db: Db, o: WorkerOptions = {}): Workers {
  const env = o.env ?? process.env;
  const config = mailConfigFromEnv(env);
  if (config) checkMailConfig(config);
  const { scheduler: withScheduler = true, schedulerIntervalMs, env: _env, ...dispatch } = o;
  // GONGKAI_MAIL_RETRY_MS: the first wait after a failed send (default 60 000, doubling); GONGKAI_MAIL_POLL_MS: the queue's poll (5 000).
  const positive = (v: string | undefined) => (v && /^\d+$/.test(v) && Number(v) > 0 ? Number(v) : undefined);
  dispatch.retryBaseMs ??= positive(env.GONGKAI_MAIL_RETRY_MS);
  dispatch.pollMs ??= positive(env.GONGKAI_MAIL_POLL_MS);
  const dispatcher = config
    ? startMailDispatcher(db, { ...dispatch, transport: createMailTransport(config), from: config.from, baseUrl: () => publicBaseUrl(env) })
    : null;
  const scheduler = withScheduler ? startScheduler(db, { intervalMs: schedulerIntervalMs, log: o.log }) : null;
  return {
    mail: config !== null,
    stop: async () => {
      await dispatcher?.stop();
      await scheduler?.stop();
    },
  };
}
