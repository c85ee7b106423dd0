/**
 * E-mail configuration (contracts.md §7): `GONGKAI_SMTP_URL` (`smtp://[user:pass@]host:port` or
 * `smtps://…`) and `GONGKAI_MAIL_FROM` turn e-mail on; without both, nothing is queued or sent.
 * `GONGKAI_PUBLIC_URL` is the address the links in a message point to (default http://localhost:PORT).
 * The SMTP client is nodemailer.
 */
import nodemailer, { type Transporter } from 'nodemailer';

export interface MailConfig {
  smtpUrl: string;
  from: string;
  /** The site's public address, without a trailing slash. */
  baseUrl: string;
}

export function publicBaseUrl(env: NodeJS.ProcessEnv = process.env): string {
  return (env.GONGKAI_PUBLIC_URL || `http://localhost:${env.PORT || 3000}`).replace(/\/+$/, '');
}

/** The mail settings of the environment, or null when e-mail is off. */
export function mailConfigFromEnv(env: NodeJS.ProcessEnv = process.env): MailConfig | null {
  const smtpUrl = env.GONGKAI_SMTP_URL?.trim();
  const from = env.GONGKAI_MAIL_FROM?.trim();
  if (!smtpUrl || !from) return null;
  return { smtpUrl, from, baseUrl: publicBaseUrl(env) };
}

/** Whether e-mail is on (messages are queued only then; 站内消息 are made either way). */
export function mailEnabled(env: NodeJS.ProcessEnv = process.env): boolean {
  return mailConfigFromEnv(env) !== null;
}

/** Checks the settings at start: a wrong URL is a clear error, not a failure at the first message. */
export function checkMailConfig(config: MailConfig): void {
  let u: URL;
  try {
    u = new URL(config.smtpUrl);
  } catch {
    throw new Error('GONGKAI_SMTP_URL 格式不正确，应为 smtp://[用户名:密码@]主机:端口 或 smtps://…');
  }
  if (u.protocol !== 'smtp:' && u.protocol !== 'smtps:') throw new Error('GONGKAI_SMTP_URL 应以 smtp:// 或 smtps:// 开头');
  if (!/^[^\s@<>]+@[^\s@<>]+$/.test(config.from.replace(/^.*<([^>]*)>\s*$/, '$1'))) {
    throw new Error('GONGKAI_MAIL_FROM 应为发件地址，例如 公开平台 <noreply@example.gov.cn>');
  }
}

/** The SMTP URL with its password hidden, for the start-up line. */
export function describeSmtp(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return 'smtp';
  }
}

export function createMailTransport(config: MailConfig): Transporter {
  return nodemailer.createTransport(config.smtpUrl, {
    // A mail server that does not answer must not hold a job for minutes.
    connectionTimeout: 15_000,
    greetingTimeout: 15_000,
    socketTimeout: 30_000,
  } as never);
}
