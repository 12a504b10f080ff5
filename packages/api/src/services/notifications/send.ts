import { createHmac } from 'node:crypto';

import nodemailer from 'nodemailer';

import type { NotificationChannelModel as NotificationChannel } from '@cc/db';

import { currentEnv } from '../../env';
import type { SecretBox } from '../secrets/secret-box';
import type { ChannelSecrets, NotificationPayload } from './types';

const TIMEOUT_MS = 5000;

export function channelSecrets(secrets: SecretBox, c: Pick<NotificationChannel, 'secretEnc'>): ChannelSecrets {
  return c.secretEnc ? (JSON.parse(secrets.open(c.secretEnc)) as ChannelSecrets) : {};
}

/** `sha256=<hex>` of the exact body bytes: receivers recompute it with the shared secret. */
export function signBody(body: string, secret: string): string {
  return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
}

/** The payload with the console's address, so links in a chat message or mail open the page. */
function withConsole(p: NotificationPayload) {
  return { ...p, console: currentEnv().CC_PUBLIC_URL, sentAt: new Date().toISOString() };
}

async function sendWebhook(url: string, secret: string | undefined, p: NotificationPayload): Promise<void> {
  const body = JSON.stringify(withConsole(p));
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    'user-agent': 'cluster-console',
    'x-cc-timestamp': String(Math.floor(Date.now() / 1000)),
    'x-cc-event': p.event,
  };
  if (secret) headers['x-cc-signature'] = signBody(body, secret);
  const res = await fetch(url, {
    method: 'POST',
    headers,
    body,
    redirect: 'manual',
    signal: AbortSignal.timeout(TIMEOUT_MS),
  });
  await res.body?.cancel();
  if (!res.ok) throw new Error(`the webhook answered HTTP ${res.status}`);
}

interface EmailConfig {
  host: string;
  port: number;
  security: 'none' | 'starttls' | 'tls';
  user?: string;
  from: string;
  to: string[];
}

function mailText(p: NotificationPayload): { subject: string; text: string } {
  const f = p.finding;
  const state = p.event === 'closed' ? 'Resolved' : p.event === 'test' ? 'Test' : f.severity.toUpperCase();
  const base = currentEnv().CC_PUBLIC_URL.replace(/\/$/, '');
  const links = (Array.isArray(f.links) ? (f.links as Array<{ label: string; href: string }>) : [])
    .map((l) => `- ${l.label}: ${base}${l.href}`)
    .join('\n');
  return {
    subject: `[cluster ${state}] ${f.summary}`,
    text: [
      f.summary,
      '',
      f.explanation,
      '',
      `Suggested action: ${f.suggestedAction}`,
      '',
      links,
      '',
      `Since ${f.openedAt}${f.closedAt ? `, closed ${f.closedAt}` : ''}`,
    ].join('\n'),
  };
}

async function sendEmail(c: EmailConfig, password: string | undefined, p: NotificationPayload): Promise<void> {
  const transport = nodemailer.createTransport({
    host: c.host,
    port: c.port,
    secure: c.security === 'tls',
    requireTLS: c.security === 'starttls',
    ignoreTLS: c.security === 'none',
    auth: c.user ? { user: c.user, pass: password ?? '' } : undefined,
    connectionTimeout: TIMEOUT_MS,
    greetingTimeout: TIMEOUT_MS,
    socketTimeout: 2 * TIMEOUT_MS,
  });
  try {
    await transport.sendMail({ from: c.from, to: c.to, ...mailText(p) });
  } finally {
    transport.close();
  }
}

/** One attempt to deliver one notification; throws with the reason (shown in the delivery log). */
export async function deliver(secrets: SecretBox, channel: NotificationChannel, p: NotificationPayload) {
  const s = channelSecrets(secrets, channel);
  const config = channel.config as Record<string, unknown>;
  if (channel.kind === 'webhook') return sendWebhook(String(config.url), s.secret, p);
  if (channel.kind === 'email') return sendEmail(config as unknown as EmailConfig, s.password, p);
  throw new Error(`unknown channel kind ${channel.kind}`);
}
