// Just enough SMTP/LMTP for tests and end-to-end specs to send one message to a real server and see
// where it was refused (node:net, loopback only). The node agent's TypeScript tests have the same.
import net from 'node:net';

/**
 * Sends one message; resolves with the stage it ended at ('connect', 'MAIL', 'RCPT', 'DATA' or 'done')
 * and the last reply (or the connect error code, e.g. 'ECONNREFUSED').
 */
export async function sendMail({ host, port, from, to, body, localAddress, lmtp = false, timeoutMs = 30_000 }) {
  let socket;
  try {
    socket = await new Promise((resolve, reject) => {
      const s = net.connect({ host, port, ...(localAddress && { localAddress }) });
      s.once('connect', () => resolve(s));
      s.once('error', reject);
    });
  } catch (err) {
    return { stage: 'connect', reply: err.code ?? String(err) };
  }
  socket.setEncoding('latin1');
  socket.on('error', () => {});
  let buffer = '';
  const waiters = [];
  socket.on('data', (chunk) => {
    buffer += chunk;
    for (const w of waiters.splice(0)) w();
  });
  socket.on('close', () => {
    for (const w of waiters.splice(0)) w();
  });
  /** The last line of the next (possibly multi-line) reply. */
  const reply = async () => {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      let at;
      while ((at = buffer.indexOf('\r\n')) >= 0) {
        const line = buffer.slice(0, at);
        buffer = buffer.slice(at + 2);
        if (!/^\d{3}-/.test(line)) return line;
      }
      if (socket.destroyed) throw new Error(`connection closed; last said: ${buffer || '(nothing)'}`);
      if (Date.now() > deadline) throw new Error(`no answer within ${timeoutMs} ms`);
      await new Promise((r) => {
        const t = setTimeout(r, 200);
        waiters.push(() => (clearTimeout(t), r()));
      });
    }
  };
  const send = (line) => socket.write(`${line}\r\n`);
  try {
    const greeting = await reply();
    if (!greeting.startsWith('220')) return { stage: 'connect', reply: greeting };
    send(`${lmtp ? 'LHLO' : 'EHLO'} client.test`);
    await reply();
    send(`MAIL FROM:<${from}>`);
    const mail = await reply();
    if (!mail.startsWith('250')) return { stage: 'MAIL', reply: mail };
    send(`RCPT TO:<${to}>`);
    const rcpt = await reply();
    if (!rcpt.startsWith('250')) return { stage: 'RCPT', reply: rcpt };
    send('DATA');
    const go = await reply();
    if (!go.startsWith('354')) return { stage: 'DATA', reply: go };
    send(`${body.replace(/\r?\n/g, '\r\n').replace(/^\./gm, '..')}\r\n.`);
    const done = await reply();
    send('QUIT');
    return { stage: done.startsWith('250') ? 'done' : 'DATA', reply: done };
  } finally {
    socket.destroy();
  }
}
