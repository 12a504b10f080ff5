import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { describe, expect, it } from 'vitest';

import { readEnv } from '../../env';
import { tlsForNode } from './node-tls';

describe('CC_NODE_CA_FILE', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cc-ca-env-'));
  const notPem = path.join(dir, 'not.pem');
  fs.writeFileSync(notPem, 'hello');

  it('stops start-up naming the variable when the file is missing or holds no certificate', () => {
    expect(() => readEnv({ CC_NODE_CA_FILE: path.join(dir, 'missing.pem') })).toThrow(
      /CC_NODE_CA_FILE: cannot read .*missing\.pem: ENOENT/,
    );
    expect(() => readEnv({ CC_NODE_CA_FILE: notPem })).toThrow(/CC_NODE_CA_FILE: .*not\.pem holds no PEM certificate/);
    expect(readEnv({}).CC_NODE_CA_FILE).toBeNull();
  });
});

describe('tlsForNode', () => {
  it('pins a stored fingerprint, falls back to the CA, and leaves plain HTTP alone', () => {
    expect(tlsForNode({ adminUrl: 'https://n:1', tlsFingerprint: 'AB' })).toEqual({ fingerprint256: 'AB' });
    expect(tlsForNode({ adminUrl: 'https://n:1', tlsFingerprint: null })).toEqual({ ca: null });
    expect(tlsForNode({ adminUrl: 'http://n:1', tlsFingerprint: null })).toBeUndefined();
  });
});
