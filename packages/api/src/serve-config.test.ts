import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { afterAll, describe, expect, it } from 'vitest';

import { resolveServeConfig } from './serve-config';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cc-serve-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function envFile(text: string): string {
  const file = path.join(dir, `${Math.random().toString(36).slice(2)}.env`);
  fs.writeFileSync(file, text);
  return file;
}
const problem = (argv: string[], env: NodeJS.ProcessEnv = {}) => {
  try {
    resolveServeConfig(argv, env);
  } catch (e) {
    return (e as Error).message;
  }
  return null;
};

describe('npm run serve settings', () => {
  it('reads an env file (--env-file or CC_ENV_FILE) under the process environment, with port and host', () => {
    const file = envFile(
      '# production\nCC_PUBLIC_URL=https://console.example.com\nexport CC_PORT=8080\nCC_HOST="127.0.0.1"\n',
    );
    const config = resolveServeConfig(['--env-file', file], { CC_PORT: '9090' });
    expect(config).toMatchObject({ port: 9090, host: '127.0.0.1' });
    expect(config.env.CC_PUBLIC_URL).toBe('https://console.example.com');
    expect(resolveServeConfig([], { CC_ENV_FILE: file }).port).toBe(8080);
    expect(resolveServeConfig([], {})).toMatchObject({ port: 3000, host: '0.0.0.0' });
  });

  it('stops at the first wrong value with one line naming the variable', () => {
    expect(problem([], { CC_PUBLIC_URL: 'console.example.com' })).toBe('CC_PUBLIC_URL: Invalid URL');
    expect(problem([], { CC_PORT: 'http' })).toMatch(/^CC_PORT: /);
    expect(problem([], { CC_HOST: 'my host' })).toMatch(/^CC_HOST: /);
    expect(problem([], { CC_SECRET_KEY: 'c2hvcnQ=' })).toBe('CC_SECRET_KEY: must be at least 32 bytes, base64-encoded');
    expect(problem([], { CC_LOG_LEVEL: 'loud' })).toMatch(/^CC_LOG_LEVEL: /);
    expect(problem([], { CC_DB_POOL_MAX: '0' })).toMatch(/^CC_DB_POOL_MAX: /);
    for (const message of [problem([], { CC_PUBLIC_URL: 'x' }), problem([], { CC_LOG_LEVEL: 'x' })]) {
      expect(message).not.toContain('\n');
    }
  });

  it('refuses a malformed or missing env file, a misspelt setting and unknown arguments', () => {
    expect(problem(['--env-file', envFile('CC_PORT=1\nnot an assignment\n')])).toMatch(
      /\.env:2: not a KEY=value line$/,
    );
    expect(problem(['--env-file', envFile('CC_PUBLIC_ULR=https://x.example\n')])).toMatch(
      /^CC_PUBLIC_ULR: unknown setting/,
    );
    expect(problem(['--env-file', path.join(dir, 'missing.env')])).toMatch(/cannot read the env file \(ENOENT\)$/);
    expect(problem(['--env-file'])).toBe('--env-file needs a path');
    expect(problem(['--demo'])).toMatch(/^unknown argument "--demo"/);
  });
});
