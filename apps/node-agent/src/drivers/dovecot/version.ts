// Dovecot's version, from the binary beside the agent: the doveadm HTTP API
// does not report it.
import { execFile } from 'node:child_process';
import { access, constants } from 'node:fs/promises';
import { join } from 'node:path';

import { programDirs } from '../../env';

async function findDovecot(): Promise<string | undefined> {
  // /usr/sbin is often missing from a service's PATH.
  const dirs = programDirs(['/usr/sbin', '/usr/local/sbin']);
  for (const dir of dirs) {
    const file = join(dir, 'dovecot');
    if (
      await access(file, constants.X_OK).then(
        () => true,
        () => false,
      )
    )
      return file;
  }
  return undefined;
}

/** e.g. "2.3.19.1 (9b53102964)"; undefined when Dovecot is not installed on this host. */
export async function dovecotVersion(): Promise<string | undefined> {
  const bin = await findDovecot();
  if (!bin) return undefined;
  return new Promise((resolve) => {
    execFile(bin, ['--version'], { timeout: 3000 }, (err, stdout) => {
      const version = String(stdout).trim();
      resolve(err || version === '' ? undefined : version);
    });
  });
}
