// A director made Non-Ready closes its client listeners. Dovecot's master owns
// the listening sockets and re-reads them only on reload, so the agent writes
// "port = 0" overrides into a file that dovecot.conf includes last
// (!include_try) and reloads; with shutdown_clients = no, the login processes
// that already proxy sessions keep running. Make Ready empties the file.
import { readFile, rename, writeFile } from 'node:fs/promises';
import net from 'node:net';

/** Every client listener of the IMAP and POP3 login services (Dovecot's default listener names). */
export const CLOSED_LISTENERS = `# Written by the cluster console's node agent: this node is Non-Ready.
service imap-login {
  inet_listener imap {
    port = 0
  }
  inet_listener imaps {
    port = 0
  }
}
service pop3-login {
  inet_listener pop3 {
    port = 0
  }
  inet_listener pop3s {
    port = 0
  }
}
`;

export async function listenersClosed(file: string): Promise<boolean> {
  const text = await readFile(file, 'utf8').catch((err: NodeJS.ErrnoException) => {
    if (err.code === 'ENOENT') return '';
    throw err;
  });
  return /port\s*=\s*0\b/.test(text);
}

/** Atomic, so a reload never reads half a file. */
export async function setListenersClosed(file: string, closed: boolean): Promise<void> {
  const tmp = `${file}.${process.pid}.tmp`;
  await writeFile(tmp, closed ? CLOSED_LISTENERS : '', { mode: 0o644 });
  await rename(tmp, file);
}

function connects(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    socket.setTimeout(500, () => (socket.destroy(), resolve(false)));
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('error', () => resolve(false));
  });
}

/** Waits until host:port accepts connections (open) or refuses them; false when it never did. */
export async function waitForPort(host: string, port: number, open: boolean, timeoutMs = 3000): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if ((await connects(host, port)) === open) return true;
    if (Date.now() > deadline) return false;
    await new Promise((r) => setTimeout(r, 50));
  }
}
