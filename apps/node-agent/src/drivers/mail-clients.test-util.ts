// Tiny line-based POP3/SMTP/LMTP clients for tests against real mail servers (node:net only,
// loopback addresses only). IMAP lives in scripts/lib/imap.mjs.
import net from 'node:net';

/** A connection that reads CRLF lines; `next()` waits for one. */
export class LineConn {
  private buffer = '';
  private waiters: Array<() => void> = [];
  readonly closed: Promise<void>;

  private constructor(private readonly socket: net.Socket) {
    socket.setEncoding('latin1');
    socket.on('data', (chunk: string) => {
      this.buffer += chunk;
      this.wake();
    });
    socket.on('error', () => {});
    this.closed = new Promise((r) => socket.once('close', () => (this.wake(), r())));
  }

  static async open(host: string, port: number, localAddress?: string): Promise<LineConn> {
    const socket = net.connect({ host, port, ...(localAddress && { localAddress }) });
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', resolve);
      socket.once('error', reject);
    });
    return new LineConn(socket);
  }

  private wake() {
    for (const w of this.waiters.splice(0)) w();
  }

  async line(timeoutMs = 10_000): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const at = this.buffer.indexOf('\r\n');
      if (at >= 0) {
        const l = this.buffer.slice(0, at);
        this.buffer = this.buffer.slice(at + 2);
        return l;
      }
      if (this.socket.destroyed) throw new Error(`connection closed; last said: ${this.buffer || '(nothing)'}`);
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`no answer within ${timeoutMs} ms`);
      await new Promise<void>((r) => {
        const t = setTimeout(r, left);
        this.waiters.push(() => (clearTimeout(t), r()));
      });
    }
  }

  /** An SMTP/LMTP reply: the last line of a multi-line one ("250-..." lines are skipped). */
  async reply(timeoutMs?: number): Promise<string> {
    for (;;) {
      const l = await this.line(timeoutMs);
      if (!/^\d{3}-/.test(l)) return l;
    }
  }

  send(text: string): void {
    this.socket.write(`${text}\r\n`);
  }

  destroy(): void {
    this.socket.destroy();
  }
}

/** POP3 USER/PASS; resolves with the server's answer to PASS ("+OK ..." or "-ERR ..."). */
export async function pop3Login(host: string, port: number, user: string, password: string): Promise<string> {
  const c = await LineConn.open(host, port);
  try {
    await c.line();
    c.send(`USER ${user}`);
    await c.line();
    c.send(`PASS ${password}`);
    const answer = await c.line();
    c.send('QUIT');
    return answer;
  } finally {
    c.destroy();
  }
}

export interface SmtpResult {
  /** The reply that ended the exchange (250 after DATA when all went well). */
  reply: string;
  stage: 'connect' | 'MAIL' | 'RCPT' | 'DATA' | 'done';
}

/** One message over SMTP (or LMTP with lhlo); stops at the first refusal and says where. */
export async function sendMail(o: {
  host: string;
  port: number;
  from: string;
  to: string;
  body: string;
  localAddress?: string;
  lmtp?: boolean;
}): Promise<SmtpResult> {
  let c: LineConn;
  try {
    c = await LineConn.open(o.host, o.port, o.localAddress);
  } catch (err) {
    return { stage: 'connect', reply: (err as NodeJS.ErrnoException).code ?? String(err) };
  }
  try {
    const greeting = await c.reply();
    if (!greeting.startsWith('220')) return { stage: 'connect', reply: greeting };
    c.send(`${o.lmtp ? 'LHLO' : 'EHLO'} client.test`);
    await c.reply();
    c.send(`MAIL FROM:<${o.from}>`);
    const mail = await c.reply();
    if (!mail.startsWith('250')) return { stage: 'MAIL', reply: mail };
    c.send(`RCPT TO:<${o.to}>`);
    const rcpt = await c.reply();
    if (!rcpt.startsWith('250')) return { stage: 'RCPT', reply: rcpt };
    c.send('DATA');
    const go = await c.reply();
    if (!go.startsWith('354')) return { stage: 'DATA', reply: go };
    const text = o.body.replace(/\r?\n/g, '\r\n').replace(/^\./gm, '..');
    c.send(`${text}\r\n.`);
    const done = await c.reply(30_000);
    c.send('QUIT');
    return { stage: done.startsWith('250') ? 'done' : 'DATA', reply: done };
  } finally {
    c.destroy();
  }
}

/** Retries `attempt` until it resolves without throwing (Dovecot re-reads passwd-files within ~1 s). */
export async function eventually<T>(attempt: () => Promise<T>, timeoutMs = 4000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await attempt();
    } catch (err) {
      if (Date.now() > deadline) throw err;
      await new Promise((r) => setTimeout(r, 150));
    }
  }
}
