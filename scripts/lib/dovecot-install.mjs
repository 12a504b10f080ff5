// Installing Dovecot for the local development cluster: the Debian 12 packages (Dovecot 2.3, the
// last with a director) when missing, and the unprivileged user every node runs as.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

export const PACKAGES = ['dovecot-core', 'dovecot-imapd', 'dovecot-pop3d', 'dovecot-lmtpd'];
/** The unprivileged user every node runs as when started by root. */
export const MAIL_USER = 'dcmail';
const SEARCH = ['/usr/sbin', '/usr/bin', '/usr/local/sbin', '/usr/local/bin'];
export const isRoot = () => process.getuid?.() === 0;

/** Absolute path of a Dovecot program, or null. */
export function findProgram(name) {
  const dirs = [...(process.env.PATH ?? '').split(path.delimiter).filter(Boolean), ...SEARCH];
  for (const dir of dirs) {
    const file = path.join(dir, name);
    try {
      fs.accessSync(file, fs.constants.X_OK);
      return file;
    } catch {
      // not here
    }
  }
  return null;
}

/** Why a cluster cannot be started here, or null when it can. */
export function unavailableReason() {
  if (!findProgram('dovecot') || !findProgram('doveadm')) {
    return isRoot()
      ? `Dovecot is not installed (apt-get install ${PACKAGES.join(' ')})`
      : `Dovecot is not installed and installing it needs root (apt-get install ${PACKAGES.join(' ')})`;
  }
  if (!fs.existsSync('/usr/lib/dovecot/director')) return 'this Dovecot has no director (Dovecot 2.4 removed it)';
  if (!fs.existsSync('/usr/lib/dovecot/lmtp')) {
    return isRoot()
      ? 'Dovecot LMTP is not installed (run install)'
      : 'Dovecot LMTP is not installed (apt-get install dovecot-lmtpd, as root)';
  }
  if (isRoot() && spawnSync('id', [MAIL_USER]).status !== 0) return `user ${MAIL_USER} is missing (run install)`;
  return null;
}

/** Runs a command to completion; `detaches`: it leaves a daemon behind, which must not inherit our pipes. */
export function run(cmd, args, log, { detaches = false } = {}) {
  log(`$ ${cmd} ${args.join(' ')}`);
  const r = spawnSync(cmd, args, {
    stdio: ['ignore', detaches ? 'ignore' : 'pipe', detaches ? 'ignore' : 'pipe'],
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
  });
  if (r.status !== 0)
    throw new Error(`${cmd} ${args.join(' ')} failed (${r.status}): ${String(r.stderr ?? '').trim()}`);
  return String(r.stdout ?? '');
}

/**
 * Installs the Debian packages when Dovecot is missing (root and apt only), stops the packaged system
 * instance (it would hold 143/110), and creates the mail user. Returns null or why it could not.
 */
export function installDovecot({ log = () => {}, postfix = false } = {}) {
  const missing = [
    ...(findProgram('doveadm') && fs.existsSync('/usr/lib/dovecot/lmtp') ? [] : PACKAGES),
    ...(postfix && !findProgram('postfix') ? ['postfix'] : []),
  ];
  if (missing.length > 0) {
    if (!isRoot()) return unavailableReason();
    if (!findProgram('apt-get')) return 'Dovecot is not installed and apt-get is not available';
    try {
      // "No configuration": the package sets up no system Postfix of its own (no main.cf, nothing on port 25).
      if (missing.includes('postfix')) {
        spawnSync('debconf-set-selections', {
          input: 'postfix postfix/main_mailer_type select No configuration\n',
          stdio: ['pipe', 'ignore', 'ignore'],
        });
      }
      run('apt-get', ['update', '-qq'], log);
      run('apt-get', ['install', '-y', '-qq', ...missing], log);
    } catch (e) {
      return `installing ${missing.join(' ')} failed: ${e.message}`;
    }
  }
  if (isRoot()) {
    if (fs.existsSync('/run/systemd/system')) {
      spawnSync('systemctl', ['disable', '--now', 'dovecot.service', 'dovecot.socket'], { stdio: 'ignore' });
      if (postfix) spawnSync('systemctl', ['disable', '--now', 'postfix.service'], { stdio: 'ignore' });
    } else if (spawnSync('/etc/init.d/dovecot', ['status'], { stdio: 'ignore' }).status === 0) {
      spawnSync('/etc/init.d/dovecot', ['stop'], { stdio: 'ignore' });
    }
    if (spawnSync('id', [MAIL_USER]).status !== 0) {
      run('useradd', ['--system', '--no-create-home', '--shell', '/usr/sbin/nologin', '--user-group', MAIL_USER], log);
    }
  }
  return unavailableReason();
}
