// Real TCP listeners for a simulated frontend's client services. Each
// connection gets its protocol's greeting and counts as a session until the
// client closes it, so a Non-Ready frontend is observable from outside:
// connections are refused while open ones keep working.
import { once } from 'node:events';
import { createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import type { Listener, SessionCounts, SessionProtocol } from '@cc/node-api';
import { SESSION_PROTOCOLS } from '@cc/node-api';

export interface ClientListenerOptions {
  host: string;
  /** 0 or missing picks a free port on the first open; re-opens reuse it. */
  ports?: Partial<Record<SessionProtocol, number>>;
  /** Shown in the SMTP greeting. */
  serverName: string;
  onSessionStart(protocol: SessionProtocol): void;
  /** The client closed the connection or said goodbye (not called for endAll/stop). */
  onSessionEnd(protocol: SessionProtocol): void;
}

type Reply = { text: string; end?: boolean };
/** Answers one command line (one request head for HTTP). */
type Dialogue = (line: string) => Reply;

const MAX_BUFFER = 16 * 1024;
const HTTP_BODY = 'Cluster Console simulated webmail\n';

/** Just enough of each protocol for a client to greet, probe and leave politely. */
const dialogues: Record<SessionProtocol, Dialogue> = {
  imap: (line) => {
    const [tag = '*', command = ''] = line.split(' ');
    if (/^logout$/i.test(command)) return { text: `* BYE logging out\r\n${tag} OK LOGOUT completed\r\n`, end: true };
    if (/^noop$/i.test(command)) return { text: `${tag} OK NOOP completed\r\n` };
    return { text: `${tag} BAD simulated server: only NOOP and LOGOUT\r\n` };
  },
  pop: (line) =>
    /^quit\b/i.test(line) ? { text: '+OK bye\r\n', end: true } : { text: '-ERR simulated server: only QUIT\r\n' },
  smtp: (line) =>
    /^quit\b/i.test(line)
      ? { text: '221 2.0.0 bye\r\n', end: true }
      : { text: '502 5.5.1 simulated server: only QUIT\r\n' },
  http: (head) => ({
    text:
      'HTTP/1.1 200 OK\r\ncontent-type: text/plain; charset=utf-8\r\n' +
      `content-length: ${Buffer.byteLength(HTTP_BODY)}\r\n\r\n${HTTP_BODY}`,
    end: /^connection:\s*close\s*$/im.test(head),
  }),
};

export class ClientListeners {
  private readonly ports: Record<SessionProtocol, number>;
  private readonly servers = new Map<SessionProtocol, Server>();
  private readonly sockets = new Map<Socket, SessionProtocol>();
  private readonly greetings: Record<SessionProtocol, string>;

  constructor(private readonly opts: ClientListenerOptions) {
    this.ports = { imap: 0, pop: 0, smtp: 0, http: 0, ...opts.ports };
    this.greetings = {
      imap: '* OK Cluster Console simulated IMAP ready\r\n',
      pop: '+OK Cluster Console simulated POP3 ready\r\n',
      smtp: `220 ${opts.serverName} ESMTP Cluster Console simulated SMTP ready\r\n`,
      http: '', // HTTP clients speak first
    };
  }

  /** Opens every closed listener, all or none. A fresh server each time: the old one may still hold connections. */
  async open(): Promise<void> {
    const opened: SessionProtocol[] = [];
    try {
      for (const protocol of SESSION_PROTOCOLS) {
        if (this.servers.get(protocol)?.listening) continue;
        const server = createServer((socket) => this.accept(protocol, socket));
        server.listen(this.ports[protocol], this.opts.host);
        await once(server, 'listening').catch((err: NodeJS.ErrnoException) => {
          const where = `${this.opts.host}:${this.ports[protocol]}`;
          const why = err.code === 'EADDRINUSE' ? 'is already in use' : `cannot be opened (${err.code ?? err.message})`;
          throw new Error(`${protocol} port ${where} ${why}`, { cause: err });
        });
        this.servers.set(protocol, server);
        this.ports[protocol] = (server.address() as AddressInfo).port;
        opened.push(protocol);
      }
    } catch (err) {
      for (const protocol of opened) this.servers.get(protocol)?.close();
      throw err;
    }
  }

  /** Stops accepting at once (new connections are refused); open connections are left alone. */
  close(): void {
    for (const server of this.servers.values()) if (server.listening) server.close();
  }

  /** Cuts every open connection now; returns how many there were. */
  endAll(): number {
    const sockets = [...this.sockets.keys()];
    // Forgotten first, so their 'close' events don't count as normal ends.
    this.sockets.clear();
    for (const socket of sockets) socket.destroy();
    return sockets.length;
  }

  stop(): void {
    this.close();
    this.endAll();
  }

  listeners(): Listener[] {
    return SESSION_PROTOCOLS.filter((p) => this.ports[p] > 0).map((protocol) => ({
      protocol,
      port: this.ports[protocol],
      open: this.servers.get(protocol)?.listening ?? false,
    }));
  }

  counts(): SessionCounts {
    const counts: SessionCounts = { imap: 0, pop: 0, smtp: 0, http: 0 };
    for (const protocol of this.sockets.values()) counts[protocol]++;
    return counts;
  }

  private accept(protocol: SessionProtocol, socket: Socket): void {
    this.sockets.set(socket, protocol);
    this.opts.onSessionStart(protocol);
    // A reset is just a client leaving; 'close' follows.
    socket.on('error', () => {});
    socket.once('close', () => {
      if (this.sockets.delete(socket)) this.opts.onSessionEnd(protocol);
    });
    socket.setNoDelay(true);
    if (this.greetings[protocol]) socket.write(this.greetings[protocol]);

    const separator = protocol === 'http' ? '\r\n\r\n' : '\n';
    let buffered = '';
    socket.on('data', (chunk: Buffer) => {
      buffered += chunk.toString('latin1');
      for (let at = buffered.indexOf(separator); at >= 0; at = buffered.indexOf(separator)) {
        const reply = dialogues[protocol](buffered.slice(0, at).trim());
        buffered = buffered.slice(at + separator.length);
        // Closed outright once flushed: a client that ignores the goodbye must not hold a session.
        if (reply.end) return void socket.end(reply.text, () => socket.destroy());
        socket.write(reply.text);
      }
      if (buffered.length > MAX_BUFFER) socket.destroy();
    });
  }
}
