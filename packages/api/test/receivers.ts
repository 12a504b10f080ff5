import { createHmac, timingSafeEqual } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

import { SMTPServer } from 'smtp-server';

export interface Received {
  headers: http.IncomingHttpHeaders;
  body: string;
  json: { event: string; finding: { kind: string; summary: string; subjects: Array<{ name: string }> } };
}

/** A webhook receiver on loopback that answers `status` (changeable) and keeps what it got. */
export async function startWebhookReceiver(status = 200) {
  const received: Received[] = [];
  const state = { status };
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      received.push({ headers: req.headers, body, json: JSON.parse(body) as Received['json'] });
      res.writeHead(state.status).end();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hook`,
    received,
    state,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

/** Whether X-CC-Signature is the HMAC-SHA256 of the body with `secret`. */
export function signatureValid(r: Received, secret: string): boolean {
  const given = String(r.headers['x-cc-signature'] ?? '');
  const want = `sha256=${createHmac('sha256', secret).update(r.body).digest('hex')}`;
  return given.length === want.length && timingSafeEqual(Buffer.from(given), Buffer.from(want));
}

/** A plain SMTP listener on loopback (no TLS, no auth) that keeps every message it accepts. */
export async function startSmtpSink() {
  const messages: Array<{ from: string; to: string[]; data: string }> = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, session, done) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        messages.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((r) => r.address),
          data: Buffer.concat(chunks).toString('utf8'),
        });
        done();
      });
    },
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.server.address() as AddressInfo;
  return { port, messages, close: () => new Promise<void>((r) => server.close(() => r())) };
}
