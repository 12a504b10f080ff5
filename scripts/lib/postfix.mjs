// A separate Postfix instance as the SMTP frontend of the local Dovecot cluster: its own config
// directory, queue and log under the run directory, one smtpd on <ip>:<port>, mail only for the
// console's domains and accounts (texthash maps the node agent writes), delivered over LMTP to the
// director. Needs root (Postfix's master starts as root and drops to the postfix user).
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';

import { findProgram, isRoot, run } from './dovecot-install.mjs';

export const POSTFIX_PACKAGES = ['postfix', 'dovecot-lmtpd'];

/** Why Postfix cannot run here, or null. */
export function postfixUnavailableReason() {
  if (!findProgram('postfix') || !findProgram('postconf')) return `Postfix is not installed (${POSTFIX_PACKAGES[0]})`;
  if (!fs.existsSync('/usr/lib/dovecot/lmtp')) return 'Dovecot LMTP is not installed (dovecot-lmtpd)';
  if (!isRoot()) return "Postfix's master must be started as root";
  return null;
}

export function mainCf({ dir, ip, lmtpHost, lmtpPort }) {
  const etc = path.join(dir, 'etc');
  return `# Postfix SMTP frontend of the cluster console's development cluster.
compatibility_level = 3.6
queue_directory = ${dir}/spool
data_directory = ${dir}/data
maillog_file = ${dir}/maillog
maillog_file_prefixes = ${dir}
myhostname = mx.cluster.test
mydomain = cluster.test
myorigin = $myhostname
mydestination =
local_recipient_maps =
local_transport = error:5.1.1 local delivery is disabled
alias_maps =
alias_database =
# A single address cannot be named here on a host that only has 127.0.0.1 on lo: master.cf binds it.
inet_interfaces = all
inet_protocols = ipv4
mynetworks = ${ip}/32
smtpd_banner = $myhostname ESMTP
smtpd_peername_lookup = no
biff = no
relay_domains =
smtpd_relay_restrictions = reject_unauth_destination
relay_domains_reject_code = 550
smtpd_recipient_restrictions = reject_unlisted_recipient
# Written by the node agent from the configuration revision.
virtual_mailbox_domains = texthash:${etc}/vdomains
virtual_mailbox_maps = texthash:${etc}/vmailboxes
virtual_transport = lmtp:inet:[${lmtpHost}]:${lmtpPort}
lmtp_bind_address = ${ip}
default_transport = error:5.7.1 outbound delivery is disabled
relay_transport = error:5.7.1 outbound delivery is disabled
message_size_limit = 20971520
# Retry deferred mail soon (a development cluster restarts its director often).
minimal_backoff_time = 10s
queue_run_delay = 10s
`;
}

export function masterCf({ ip, port }) {
  return `# service          type  private unpriv chroot wakeup maxproc command
${ip}:${port}      inet  n       -      n      -      -       smtpd
pickup             unix  n       -      n      60     1       pickup
cleanup            unix  n       -      n      -      0       cleanup
qmgr               unix  n       -      n      300    1       qmgr
rewrite            unix  -       -      n      -      -       trivial-rewrite
bounce             unix  -       -      n      -      0       bounce
defer              unix  -       -      n      -      0       bounce
trace              unix  -       -      n      -      0       bounce
verify             unix  -       -      n      -      1       verify
flush              unix  n       -      n      1000?  0       flush
proxymap           unix  -       -      n      -      -       proxymap
proxywrite         unix  -       -      n      -      1       proxymap
showq              unix  n       -      n      -      -       showq
error              unix  -       -      n      -      -       error
retry              unix  -       -      n      -      -       error
discard            unix  -       -      n      -      -       discard
lmtp               unix  -       -      n      -      -       lmtp
anvil              unix  -       -      n      -      1       anvil
scache             unix  -       -      n      -      1       scache
postlog            unix-dgram n  -      n      -      1       postlogd
`;
}

function listening(host, port) {
  return new Promise((resolve) => {
    const s = net.connect({ host, port });
    s.once('connect', () => (s.destroy(), resolve(true)));
    s.once('error', () => resolve(false));
  });
}

/** Writes the instance under `dir` and starts it; resolves once it listens. Returns its state. */
export async function upPostfix({ dir, ip, port, lmtpHost, lmtpPort, log = () => {} }) {
  const problem = postfixUnavailableReason();
  if (problem) throw new Error(problem);
  const etc = path.join(dir, 'etc');
  fs.mkdirSync(etc, { recursive: true });
  fs.mkdirSync(path.join(dir, 'spool'), { recursive: true });
  fs.mkdirSync(path.join(dir, 'data'), { recursive: true });
  fs.chmodSync(dir, 0o755);
  run('chown', ['postfix:', path.join(dir, 'data')], log);
  fs.writeFileSync(path.join(etc, 'main.cf'), mainCf({ dir, ip, lmtpHost, lmtpPort }));
  fs.writeFileSync(path.join(etc, 'master.cf'), masterCf({ ip, port }));
  for (const map of ['vdomains', 'vmailboxes']) fs.writeFileSync(path.join(etc, map), '', { mode: 0o644 });
  // Postfix reports its own errors only to syslog or a tty: without /dev/log a failure is silent.
  try {
    run('postfix', ['-c', etc, 'start'], log, { detaches: true });
  } catch (e) {
    throw new Error(`${e.message} (see the reason with: script -qec 'postfix -c ${etc} start' /dev/null)`, {
      cause: e,
    });
  }
  const deadline = Date.now() + 15_000;
  while (!(await listening(ip, port))) {
    if (Date.now() > deadline) throw new Error(`Postfix does not listen on ${ip}:${port} after 15 s`);
    await new Promise((r) => setTimeout(r, 50));
  }
  const pid = Number(fs.readFileSync(path.join(dir, 'spool', 'pid', 'master.pid'), 'utf8').trim());
  return { dir, configDir: etc, ip, port, pid, maillog: path.join(dir, 'maillog') };
}

/** Stops the instance: `postfix stop`, then its master by PID if still there. */
export async function downPostfix(pf) {
  if (!pf) return;
  try {
    run('postfix', ['-c', pf.configDir, 'stop'], () => {}, { detaches: true });
  } catch {
    // not running
  }
  const deadline = Date.now() + 10_000;
  const alive = () => {
    try {
      process.kill(pf.pid, 0);
      return true;
    } catch {
      return false;
    }
  };
  while (pf.pid && alive() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  if (pf.pid && alive()) process.kill(pf.pid, 'SIGKILL');
}
