import { afterEach, describe, expect, it } from 'vitest';

import { requestContext, requestIdFor } from './context';
import { logLevelFromEnv } from './env';
import { captureLogs, createLogger, type CapturedLogs } from './logger';
import { REDACTED } from './redact';

let captured: CapturedLogs | undefined;
afterEach(() => captured?.restore());

describe('createLogger', () => {
  it('writes one JSON line with time, level, component, and the request id and actor inside a request', () => {
    captured = captureLogs();
    const log = createLogger('console', { level: 'info' });
    log.info('outside');
    requestContext.run({ requestId: 'req-1' }, () => {
      log.info({ node: 'backend-1' }, 'before the session');
      requestContext.setActor('admin@test.local');
      log.warn('after the session');
    });
    log.debug('below the level');
    const [outside, before, after, ...rest] = captured.lines;
    expect(rest).toEqual([]);
    expect(outside).toMatchObject({ level: 'info', component: 'console', msg: 'outside' });
    expect(new Date(String(outside!.time)).toISOString()).toBe(outside!.time);
    expect(outside).not.toHaveProperty('requestId');
    expect(before).toMatchObject({ requestId: 'req-1', node: 'backend-1', msg: 'before the session' });
    expect(before).not.toHaveProperty('actor');
    expect(after).toMatchObject({ level: 'warn', requestId: 'req-1', actor: 'admin@test.local' });
  });

  it('redacts secrets by key at any depth we log, including headers and arrays of objects', () => {
    captured = captureLogs();
    const log = createLogger('agent', { level: 'info' });
    log.info(
      {
        password: 'p1',
        token: 't1',
        user: { passwordHash: 'h1', email: 'kept@test.local' },
        node: { tokenEnc: 'e1', tls: { secret: 's1', apiKey: 'k1' } },
        req: { headers: { cookie: 'c1', authorization: 'Bearer b1', 'set-cookie': 'sc1', accept: 'kept' } },
        drivers: { dovecot: { doveadmKey: 'd1', directorDoveadmKey: 'd2' } },
        nodes: [{ name: 'kept', token: 't2' }],
      },
      'secrets inside',
    );
    const line = JSON.stringify(captured.lines[0]);
    for (const secret of ['p1', 't1', 'h1', 'e1', 's1', 'k1', 'c1', 'b1', 'sc1', 'd1', 'd2', 't2']) {
      expect(line).not.toContain(`"${secret}"`);
      expect(line).not.toContain(`Bearer ${secret}`);
    }
    expect(captured.lines[0]).toMatchObject({
      password: REDACTED,
      user: { passwordHash: REDACTED, email: 'kept@test.local' },
      req: { headers: { cookie: REDACTED, authorization: REDACTED, accept: 'kept' } },
      nodes: [{ name: 'kept', token: REDACTED }],
    });
  });
});

describe('settings', () => {
  it('takes the level from CC_LOG_LEVEL (default info) and names the variable when it is wrong', () => {
    expect(logLevelFromEnv({})).toBe('info');
    expect(logLevelFromEnv({ CC_LOG_LEVEL: 'warn' })).toBe('warn');
    expect(() => logLevelFromEnv({ CC_LOG_LEVEL: 'loud' })).toThrow(/^CC_LOG_LEVEL: /);
  });

  it('takes X-Request-Id only from a trusted proxy, and only when it is well-formed', () => {
    expect(requestIdFor('proxy-abc-123', true)).toBe('proxy-abc-123');
    expect(requestIdFor('proxy-abc-123', false)).not.toBe('proxy-abc-123');
    expect(requestIdFor('bad id\nforged: line', true)).toMatch(/^[0-9a-f-]{36}$/);
  });
});
