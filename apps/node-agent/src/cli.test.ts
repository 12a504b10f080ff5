import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { envName, parseCli } from './cli';
import { tempDir } from './test-helpers';

describe('parseCli', () => {
  it('reads every flag', () => {
    const r = parseCli(
      [
        '--role',
        'backend',
        '--name',
        'b1',
        '--admin-port',
        '4001',
        '--host',
        '0.0.0.0',
        '--token',
        't',
        '--data-dir',
        '/tmp/x',
        '--software-version',
        '2.0',
        '--driver',
        'simulated',
        '--peers',
        'http://a:1, http://b:2,',
        '--cluster-secret',
        's',
        '--seed',
        '7',
        '--mean-session-ms',
        '1500',
        '--scale',
        '0.5',
        '--imap-port',
        '1143',
        '--http-port',
        '0',
      ],
      {},
    );
    expect(r).toEqual({
      help: false,
      options: {
        role: 'backend',
        name: 'b1',
        adminPort: 4001,
        host: '0.0.0.0',
        token: 't',
        dataDir: '/tmp/x',
        softwareVersion: '2.0',
        driver: 'simulated',
        peers: ['http://a:1', 'http://b:2'],
        clusterSecret: 's',
        seed: 7,
        meanSessionMs: 1500,
        scale: 0.5,
        clientPorts: { imap: 1143, http: 0 },
        // HTTPS with the agent's own certificate unless told otherwise.
        tls: {},
      },
    });
  });

  it('serves HTTPS by default, with a supplied certificate, or plain HTTP only when asked', () => {
    const base = ['--role=backend', '--name=b', '--token=t'];
    expect(parseCli(base, {})).toMatchObject({ options: { tls: {} } });
    expect(parseCli([...base, '--tls-cert=/c.pem', '--tls-key=/k.pem'], {})).toMatchObject({
      options: { tls: { certFile: '/c.pem', keyFile: '/k.pem' } },
    });
    expect(parseCli([...base, '--plain-http'], {})).not.toHaveProperty('options.tls');
    expect(parseCli(base, { CC_AGENT_PLAIN_HTTP: 'true' })).not.toHaveProperty('options.tls');
    expect(() => parseCli([...base, '--tls-cert=/c.pem'], {})).toThrow(/both --tls-cert and --tls-key/);
    expect(() => parseCli([...base, '--plain-http', '--tls-cert=/c', '--tls-key=/k'], {})).toThrow(/contradict/);
  });

  it('falls back to CC_AGENT_* variables; flags win', () => {
    const env = {
      CC_AGENT_ROLE: 'frontend',
      CC_AGENT_NAME: 'fe',
      CC_AGENT_TOKEN_HASH: 'ab',
      CC_AGENT_ADMIN_PORT: '5000',
      CC_AGENT_POP_PORT: '1110',
      CC_AGENT_SMTP_PORT: '1025',
    };
    expect(parseCli([], env)).toEqual({
      help: false,
      options: {
        role: 'frontend',
        name: 'fe',
        tokenHash: 'ab',
        adminPort: 5000,
        clientPorts: { pop: 1110, smtp: 1025 },
        tls: {},
      },
    });
    expect(parseCli(['--smtp-port', '2525'], env)).toMatchObject({
      options: { clientPorts: { pop: 1110, smtp: 2525 } },
    });
    expect(parseCli(['--name', 'other'], env)).toMatchObject({ options: { name: 'other' } });
    expect(envName('cluster-secret')).toBe('CC_AGENT_CLUSTER_SECRET');
  });

  it.each([
    [[], /--role is required/],
    [['--role', 'db', '--name', 'x'], /--role must be frontend or backend/],
    [['--role', 'backend'], /--name is required/],
    [['--role', 'backend', '--name', 'x', '--admin-port', 'abc'], /--admin-port must be a whole number/],
    [['--role', 'backend', '--name', 'x', '--bogus', '1'], /bogus/],
    [['--role', 'frontend', '--name', 'x', '--imap-port', '14x'], /--imap-port must be a whole number/],
    [['--role', 'backend', '--name', 'x', '--scale', 'lots'], /--scale must be a number/],
  ])('rejects %j', (argv, message) => {
    expect(() => parseCli(argv, {})).toThrow(message);
  });

  it('reads the Dovecot driver flags, the API key best from the environment', () => {
    const r = parseCli(
      [
        '--role=backend',
        '--name=b2',
        '--driver=dovecot',
        '--doveadm-url=http://127.0.0.1:8080',
        '--director-doveadm-url=http://127.0.0.1:8090',
        '--dovecot-host=127.0.0.12',
        '--imap-port=143',
      ],
      { CC_AGENT_DOVEADM_KEY: 'secret-key' },
    );
    expect(r).toMatchObject({
      options: {
        driver: 'dovecot',
        clientPorts: { imap: 143 },
        dovecot: {
          doveadmUrl: 'http://127.0.0.1:8080',
          doveadmKey: 'secret-key',
          directorUrl: 'http://127.0.0.1:8090',
          mailHost: '127.0.0.12',
        },
      },
    });
    expect(parseCli(['--role=backend', '--name=b'], {})).not.toHaveProperty('options.dovecot');
  });

  it('reads the test-only list of versions that fail their health check', () => {
    const argv = ['--role=backend', '--name=b', '--fail-health-versions=2.0.1, 2.0.2,'];
    expect(parseCli(argv, {})).toMatchObject({ options: { failHealthVersions: ['2.0.1', '2.0.2'] } });
    const env = { CC_AGENT_FAIL_HEALTH_VERSIONS: '3.0.0' };
    expect(parseCli(['--role=backend', '--name=b'], env)).toMatchObject({ options: { failHealthVersions: ['3.0.0'] } });
    expect(parseCli(['--role=backend', '--name=b'], {})).not.toHaveProperty('options.failHealthVersions');
  });

  it('recognises --help', () => {
    expect(parseCli(['--help'], {})).toEqual({ help: true });
  });

  it('reads the token and cluster secret from files or the environment, and warns about them as flags', async () => {
    const dir = await tempDir();
    writeFileSync(join(dir, 'token'), 'file-token\n', { mode: 0o600 });
    writeFileSync(join(dir, 'secret'), 'file-secret\r\nignored\n', { mode: 0o600 });
    const warnings: string[] = [];
    const warn = (m: string) => warnings.push(m);
    const base = ['--role=backend', '--name=b'];
    const fromFiles = parseCli(
      [...base, `--token-file=${join(dir, 'token')}`, `--cluster-secret-file=${join(dir, 'secret')}`],
      {},
      warn,
    );
    expect(fromFiles).toMatchObject({ options: { token: 'file-token', clusterSecret: 'file-secret' } });
    const fileEnv = { CC_AGENT_TOKEN_FILE: join(dir, 'token'), CC_AGENT_CLUSTER_SECRET: 'env-secret' };
    expect(parseCli(base, fileEnv, warn)).toMatchObject({
      options: { token: 'file-token', clusterSecret: 'env-secret' },
    });
    expect(parseCli(base, { CC_AGENT_TOKEN: 'env-token' }, warn)).toMatchObject({ options: { token: 'env-token' } });
    expect(warnings).toEqual([]);

    expect(parseCli([...base, '--token=t', '--cluster-secret=s'], {}, warn)).toMatchObject({
      options: { token: 't', clusterSecret: 's' },
    });
    expect(warnings).toEqual([
      '--token is visible to every user of this host in ps; use CC_AGENT_TOKEN or a file instead',
      '--cluster-secret is visible to every user of this host in ps; use CC_AGENT_CLUSTER_SECRET or a file instead',
    ]);

    expect(() => parseCli([...base, '--token=t', `--token-file=${join(dir, 'token')}`], {})).toThrow(/not both/);
    expect(() => parseCli([...base, `--token-file=${join(dir, 'missing')}`], {})).toThrow(/cannot read .*ENOENT/);
    writeFileSync(join(dir, 'empty'), '\n');
    expect(() => parseCli([...base, `--cluster-secret-file=${join(dir, 'empty')}`], {})).toThrow(/is empty/);
  });
});
