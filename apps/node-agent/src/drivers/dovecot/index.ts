// --driver dovecot: checks the Dovecot settings and builds the driver.
import { validateAdminUrl } from '@cc/node-api';
import type { DriverContext } from '../driver';
import { DovecotDriver } from './dovecot-driver';

export { DovecotDriver, type DovecotDriverOptions } from './dovecot-driver';
export type { DovecotSettings } from './settings';

export function createDovecotDriver(ctx: DriverContext): DovecotDriver {
  const s = ctx.dovecot;
  if (!s?.doveadmUrl) throw new Error("the dovecot driver needs --doveadm-url (this node's doveadm HTTP API)");
  if (!s.doveadmKey) throw new Error('the dovecot driver needs --doveadm-key (doveadm_api_key)');
  for (const [flag, url] of [
    ['--doveadm-url', s.doveadmUrl],
    ['--director-doveadm-url', s.directorUrl],
  ] as const) {
    const problem = url === undefined ? null : validateAdminUrl(url);
    if (problem) throw new Error(`${flag}: ${problem.replace('admin URL', 'URL')}`);
  }
  if (ctx.role === 'frontend' && s.mailHost) throw new Error('--dovecot-host is for backends');
  if (ctx.role === 'backend' && s.readinessConf) throw new Error('--dovecot-readiness-conf is for frontends');
  const accountFlags = [s.usersDir, s.mailRoot, s.dovecotConf, s.clusterConf];
  if (ctx.role === 'frontend' && accountFlags.some(Boolean))
    throw new Error(
      '--dovecot-users-dir, --dovecot-mail-root, --dovecot-conf and --dovecot-cluster-conf are for backends',
    );
  if (Boolean(s.usersDir) !== Boolean(s.mailRoot))
    throw new Error('--dovecot-users-dir and --dovecot-mail-root go together');
  for (const [flag, dir] of [
    ['--dovecot-users-dir', s.usersDir],
    ['--dovecot-mail-root', s.mailRoot],
  ] as const) {
    // Both end up in passwd-file lines (':' separates fields) and Dovecot settings.
    if (dir !== undefined && !/^\/[^:\s%]*[^/:\s%]$/.test(dir))
      throw new Error(`${flag} must be an absolute path without ":", "%", spaces or a trailing "/"`);
  }
  return new DovecotDriver({
    role: ctx.role,
    settings: s,
    host: ctx.host,
    ports: ctx.clientPorts ?? {},
    dataDir: ctx.dataDir,
    fallbackVersion: ctx.softwareVersion,
    log: ctx.log,
  });
}
