// Just enough IMAP (RFC 9051 commands with literal-free arguments) for tests to hold real sessions:
// LOGIN, SELECT, NOOP, LOGOUT over a plain TCP connection.
import net from 'node:net';

/** An open IMAP connection. `closed` resolves when the server or we close it. */
export class ImapSession {
  #socket;
  #buffer = '';
  #waiters = [];
  #tag = 0;
  closed;

  constructor(socket) {
    this.#socket = socket;
    socket.setEncoding('latin1');
    socket.on('data', (chunk) => {
      this.#buffer += chunk;
      this.#wake();
    });
    this.closed = new Promise((resolve) => socket.once('close', resolve));
    socket.on('error', () => {}); // a reset is reported as 'close'
    socket.once('close', () => this.#wake());
  }

  get isOpen() {
    return !this.#socket.destroyed && this.#socket.readyState === 'open';
  }

  #wake() {
    for (const w of this.#waiters.splice(0)) w();
  }

  /** Waits until the buffer holds a line matching `re`; returns everything up to and including it. */
  async #until(re, timeoutMs) {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const lines = this.#buffer.split('\r\n');
      const at = lines.slice(0, -1).findIndex((l) => re.test(l));
      if (at >= 0) {
        const taken = lines.slice(0, at + 1);
        this.#buffer = lines.slice(at + 1).join('\r\n');
        return taken;
      }
      if (!this.isOpen) throw new Error(`IMAP connection closed; last said: ${this.#buffer.trim() || '(nothing)'}`);
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`IMAP: no answer within ${timeoutMs} ms`);
      await new Promise((resolve) => {
        const timer = setTimeout(resolve, left);
        this.#waiters.push(() => (clearTimeout(timer), resolve()));
      });
    }
  }

  /** The server greeting. */
  greeting(timeoutMs = 5000) {
    return this.#until(/^\* (OK|PREAUTH|BYE)/, timeoutMs);
  }

  /** Sends one command; resolves with its untagged lines and tagged status, rejects on NO/BAD. */
  async command(text, timeoutMs = 10_000) {
    const tag = `a${++this.#tag}`;
    this.#socket.write(`${tag} ${text}\r\n`);
    const lines = await this.#until(new RegExp(`^${tag} (OK|NO|BAD)`), timeoutMs);
    const status = lines.at(-1);
    if (!status.startsWith(`${tag} OK`)) throw new Error(`IMAP ${text.split(' ')[0]}: ${status}`);
    return lines;
  }

  /** Polite goodbye, then the socket is closed whatever the server says. */
  async logout() {
    if (this.isOpen) await this.command('LOGOUT', 3000).catch(() => {});
    this.#socket.destroy();
    await this.closed;
  }

  destroy() {
    this.#socket.destroy();
  }
}

const quote = (s) => `"${String(s).replace(/[\\"]/g, (c) => `\\${c}`)}"`;

/** Connects, logs in and selects INBOX: an open session as a mail client holds one. */
export async function imapLogin({ host, port, user, password, timeoutMs = 10_000 }) {
  const socket = net.connect({ host, port });
  await new Promise((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('error', reject);
  });
  const session = new ImapSession(socket);
  try {
    await session.greeting(timeoutMs);
    await session.command(`LOGIN ${quote(user)} ${quote(password)}`, timeoutMs);
    await session.command('SELECT INBOX', timeoutMs);
    return session;
  } catch (e) {
    session.destroy();
    throw e;
  }
}
