import { X509Certificate } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { createNodeClient, NodeApiError } from '@cc/node-api';
import { selfSignedCert } from '@cc/node-api/test-certs';
import { afterEach, describe, expect, it } from 'vitest';
import { startAgent, type RunningAgent } from './agent';
import { loadAgentTls, subjectAltNames } from './tls';
import { tempDir, TOKEN } from './test-helpers';

const running: RunningAgent[] = [];
afterEach(async () => {
  for (const a of running.splice(0)) await a.close();
});

async function start(dataDir: string, tls: { certFile?: string; keyFile?: string } = {}): Promise<RunningAgent> {
  const a = await startAgent({ role: 'backend', name: 'tls-b1', token: TOKEN, dataDir, tls, scale: 0 });
  running.push(a);
  return a;
}

describe('the admin API over HTTPS', () => {
  it('makes its own certificate on first start (key 0600), serves it, and keeps it across restarts', async () => {
    const dataDir = await tempDir();
    const first = await start(dataDir);
    expect(first.adminUrl).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    const cert = readFileSync(join(dataDir, 'tls/cert.pem'), 'utf8');
    const x509 = new X509Certificate(cert);
    expect(first.fingerprint256).toBe(x509.fingerprint256);
    expect(x509.subjectAltName).toBe('IP Address:127.0.0.1');
    expect(x509.publicKey.asymmetricKeyDetails?.namedCurve).toBe('prime256v1');
    expect(statSync(join(dataDir, 'tls/key.pem')).mode & 0o777).toBe(0o600);
    const tls = { fingerprint256: first.fingerprint256! };
    expect(await createNodeClient({ baseUrl: first.adminUrl, token: TOKEN, tls }).info()).toMatchObject({
      name: 'tls-b1',
    });
    await first.close();
    running.length = 0;

    const again = await start(dataDir);
    expect(again.fingerprint256).toBe(first.fingerprint256);
    expect((await createNodeClient({ baseUrl: again.adminUrl, token: TOKEN, tls }).info()).name).toBe('tls-b1');
  });

  it('serves a supplied certificate, and a client pinning another one is refused', async () => {
    const supplied = selfSignedCert('supplied');
    const a = await start(await tempDir(), { certFile: supplied.certFile, keyFile: supplied.keyFile });
    expect(a.fingerprint256).toBe(new X509Certificate(supplied.cert).fingerprint256);
    const tls = { fingerprint256: a.fingerprint256! };
    expect((await createNodeClient({ baseUrl: a.adminUrl, token: TOKEN, tls }).info()).name).toBe('tls-b1');
    const other = new X509Certificate(selfSignedCert('other').cert).fingerprint256;
    const refused = await createNodeClient({ baseUrl: a.adminUrl, token: TOKEN, tls: { fingerprint256: other } })
      .info()
      .catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(NodeApiError);
    expect((refused as NodeApiError).message).toBe(
      `certificate changed: expected fingerprint ${other}, got ${a.fingerprint256}`,
    );
  });

  it('refuses a supplied pair that does not belong together, or half a pair', async () => {
    const one = selfSignedCert('one');
    const two = selfSignedCert('two');
    const dir = await tempDir();
    await expect(loadAgentTls(dir, 'x', '127.0.0.1', { certFile: one.certFile, keyFile: two.keyFile })).rejects.toThrow(
      /does not belong to the certificate/,
    );
    await expect(loadAgentTls(dir, 'x', '127.0.0.1', { certFile: one.certFile })).rejects.toThrow(/both --tls-cert/);
    await expect(loadAgentTls(dir, 'x', '127.0.0.1', { certFile: one.keyFile, keyFile: one.keyFile })).rejects.toThrow(
      /not a PEM certificate/,
    );
  });

  it('names the configured host in the certificate', () => {
    expect(subjectAltNames('10.0.0.11')).toBe('IP:10.0.0.11');
    expect(subjectAltNames('mail-b1.example.net')).toBe('DNS:mail-b1.example.net');
    expect(subjectAltNames('0.0.0.0')).toMatch(/^DNS:.+,DNS:localhost,IP:127\.0\.0\.1$/);
  });
});
