// --driver postfix: checks the Postfix settings and builds the driver.
import type { DriverContext } from '../driver';
import { PostfixDriver } from './postfix-driver';

export { PostfixDriver } from './postfix-driver';
export type { PostfixSettings } from './settings';

export function createPostfixDriver(ctx: DriverContext): PostfixDriver {
  const s = ctx.postfix;
  if (!s?.configDir)
    throw new Error('the postfix driver needs --postfix-config-dir (the instance running as postfix -c DIR)');
  if (ctx.role !== 'frontend') throw new Error('the postfix driver is for frontends (--role frontend)');
  const smtpPort = ctx.clientPorts?.smtp;
  if (!smtpPort) throw new Error("the postfix driver needs --smtp-port (the smtpd listener's port in master.cf)");
  if (ctx.host === '0.0.0.0' || ctx.host === '::')
    throw new Error('the postfix driver needs --host set to the smtpd listener address (master.cf "<ip>:<port>")');
  return new PostfixDriver({
    role: ctx.role,
    settings: s,
    host: ctx.host,
    smtpPort,
    fallbackVersion: ctx.softwareVersion,
    log: ctx.log,
  });
}
