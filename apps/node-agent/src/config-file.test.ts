import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { CONFIG_FLAGS, parseCli } from './cli';
import { ConfigFileError, parseConfig } from './config-file';
import { baseEnv } from './process-helpers';
import { tempDir } from './test-helpers';

/** Writes the configuration (an object as JSON, a string as is) and a token file beside it. */
async function configFile(config: Record<string, unknown> | string): Promise<{ dir: string; file: string }> {
  const dir = await tempDir();
  writeFileSync(join(dir, 'token'), 'file-token\n', { mode: 0o600 });
  writeFileSync(join(dir, 'secret'), 'file-secret\n', { mode: 0o600 });
  const file = join(dir, 'agent.json');
  const text = typeof config === 'string' ? config : JSON.stringify(config).replaceAll('DIR', dir);
  writeFileSync(file, text);
  return { dir, file };
}

const minimal = { role: 'backend', name: 'mail-b1', token_file: 'DIR/token' };

describe('the configuration file', () => {
  it('gives every option, typed, with secrets read from their files', async () => {
    const { dir, file } = await configFile({
      ...minimal,
      admin_port: 8010,
      host: '0.0.0.0',
      data_dir: '/var/lib/cluster-console-agent',
      driver: 'simulated',
      peers: ['https://10.0.0.2:8010', 'https://10.0.0.3:8010'],
      cluster_secret_file: 'DIR/secret',
      scale: 0.5,
      imap_port: 1143,
      plain_http: true,
    });
    const r = parseCli(['--config', file], {});
    expect(r).toEqual({
      help: false,
      options: {
        role: 'backend',
        name: 'mail-b1',
        adminPort: 8010,
        host: '0.0.0.0',
        token: 'file-token',
        dataDir: '/var/lib/cluster-console-agent',
        driver: 'simulated',
        peers: ['https://10.0.0.2:8010', 'https://10.0.0.3:8010'],
        clusterSecret: 'file-secret',
        scale: 0.5,
        clientPorts: { imap: 1143 },
      },
    });
    // CC_AGENT_CONFIG names it just as well; without plain_http the agent serves HTTPS.
    const env = { CC_AGENT_CONFIG: (await configFile({ ...minimal, token_file: join(dir, 'token') })).file };
    expect(parseCli([], env)).toMatchObject({ options: { name: 'mail-b1', tls: {} } });
  });

  it('has a key for every flag', () => {
    expect(Object.keys(CONFIG_FLAGS)).toEqual(expect.arrayContaining(['admin-port', 'token-file', 'plain-http']));
    expect(CONFIG_FLAGS['admin-port']).toBe('int');
    expect(CONFIG_FLAGS.peers).toBe('list');
  });

  it('is overridden by flags, then by CC_AGENT_* variables', async () => {
    const { file } = await configFile({ ...minimal, admin_port: 8010, host: '0.0.0.0', plain_http: true });
    const r = parseCli(['--config', file, '--admin-port', '9010', '--token=flag-token'], {
      CC_AGENT_HOST: '127.0.0.2',
      CC_AGENT_PLAIN_HTTP: '0',
    });
    // A token given directly replaces the file named in the configuration, rather than contradicting it.
    expect(r).toMatchObject({ options: { adminPort: 9010, host: '127.0.0.2', token: 'flag-token', tls: {} } });
  });

  it.each([
    [{ ...minimal, admin_prot: 8010 }, /agent\.json: admin_prot: unknown key/],
    [{ ...minimal, admin_port: '8010' }, /agent\.json: admin_port: expected a whole number/],
    [{ ...minimal, admin_port: 80.5 }, /agent\.json: admin_port: expected a whole number/],
    [{ ...minimal, peers: 'https://a:1' }, /agent\.json: peers: expected a list of strings/],
    [{ ...minimal, plain_http: 'yes' }, /agent\.json: plain_http: expected true or false/],
    [{ ...minimal, host: '' }, /agent\.json: host: must not be empty/],
    [{ ...minimal, token: 'secret' }, /agent\.json: token: keep the secret in a file of its own .* token_file/],
    [{ ...minimal, role: 'db' }, /agent\.json: role: must be frontend or backend, got "db"/],
    [{ ...minimal, token_file: 'DIR/missing' }, /agent\.json: token_file: cannot read .*missing: ENOENT/],
    ['{"role": "backend",}', /agent\.json: not valid JSON/],
    ['["backend"]', /agent\.json: must hold one JSON object/],
  ])('refuses %j with one line naming the key', async (config, message) => {
    const { file } = await configFile(config);
    let error: unknown;
    try {
      parseCli(['--config', file], {});
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigFileError);
    expect((error as Error).message).toMatch(message);
    expect((error as Error).message).not.toContain('\n');
  });

  it('refuses a file that is not there', async () => {
    const missing = join(await tempDir(), 'agent.json');
    expect(() => parseCli(['--config', missing], {})).toThrow(`${missing}: cannot read the configuration file: ENOENT`);
  });

  it('reads only the kinds it was given', () => {
    expect(parseConfig('{"a_b": ["x", "y"], "c": 3}', 'f', { 'a-b': 'list', c: 'int' })).toEqual(
      new Map([
        ['a-b', 'x,y'],
        ['c', '3'],
      ]),
    );
  });

  it('stops the CLI with exit 2 and one line, nothing started', async () => {
    const { file } = await configFile({ ...minimal, admin_port: 'eighty' });
    const packageDir = fileURLToPath(new URL('..', import.meta.url));
    const r = spawnSync(process.execPath, ['--import', 'tsx', 'src/main.ts', '--config', file], {
      cwd: packageDir,
      env: baseEnv,
      encoding: 'utf8',
    });
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(`cc-node-agent: ${file}: admin_port: expected a whole number\n`);
  });
});
