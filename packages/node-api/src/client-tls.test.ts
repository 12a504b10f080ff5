import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import { createNodeClient, NodeApiError } from './client';
import { certificateFingerprint, fetchCertificate, normalizeFingerprint } from './node-fetch';
import { caSignedCert, selfSignedCert, type TestCert } from './test-certs';
import { sampleInfo } from './test-samples';

const TOKEN = 'tls-test-token';
const servers: Server[] = [];
/** Authorization headers the servers saw: a refused certificate must never get the token. */
const seen: string[] = [];

afterAll(async () => {
  for (const s of servers) {
    s.closeAllConnections();
    await new Promise((r) => s.close(r));
  }
});

async function serve(cert: TestCert): Promise<string> {
  const server = createServer({ cert: cert.cert, key: cert.key }, (req, res) => {
    seen.push(req.headers.authorization ?? '');
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(sampleInfo));
  });
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

async function failure(p: Promise<unknown>): Promise<NodeApiError> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(NodeApiError);
  return err as NodeApiError;
}

describe('createNodeClient over TLS', () => {
  const self = selfSignedCert('node');
  const other = selfSignedCert('impostor');
  const pin = certificateFingerprint(self.cert);

  it('talks to the pinned certificate, also over a kept-alive connection', async () => {
    const url = await serve(self);
    // Any spelling of the pin works: lower case, no colons.
    const loose = pin.replace(/:/g, '').toLowerCase();
    const client = createNodeClient({ baseUrl: url, token: TOKEN, tls: { fingerprint256: loose } });
    expect((await client.info()).name).toBe(sampleInfo.name);
    expect((await client.info()).name).toBe(sampleInfo.name);
  });

  it('refuses another certificate without sending the token', async () => {
    const url = await serve(other);
    seen.length = 0;
    const err = await failure(createNodeClient({ baseUrl: url, token: TOKEN, tls: { fingerprint256: pin } }).info());
    expect(err.kind).toBe('certificate');
    expect(err.code).toBe('certificate-changed');
    expect(err.message).toBe(
      `certificate changed: expected fingerprint ${pin}, got ${certificateFingerprint(other.cert)}`,
    );
    expect(seen).toEqual([]);
  });

  it('refuses a self-signed certificate that is not pinned', async () => {
    const url = await serve(self);
    seen.length = 0;
    const err = await failure(createNodeClient({ baseUrl: url, token: TOKEN }).info());
    expect(err.kind).toBe('certificate');
    expect(err.message).toMatch(/self-signed certificate that is not pinned/);
    expect(seen).toEqual([]);
  });

  it('verifies against a CA: a valid certificate passes, an expired one is refused', async () => {
    const good = caSignedCert();
    const okUrl = await serve(good.leaf);
    const ok = createNodeClient({ baseUrl: okUrl, token: TOKEN, tls: { ca: good.ca.cert } });
    expect((await ok.info()).name).toBe(sampleInfo.name);

    const old = caSignedCert({ expired: true });
    const oldUrl = await serve(old.leaf);
    seen.length = 0;
    const err = await failure(createNodeClient({ baseUrl: oldUrl, token: TOKEN, tls: { ca: old.ca.cert } }).info());
    expect(err.kind).toBe('certificate');
    expect(err.message).toMatch(/expired certificate/);
    expect(seen).toEqual([]);
  });

  it('fetchCertificate reports the fingerprint and whether a CA vouches for it, sending nothing', async () => {
    const url = await serve(self);
    seen.length = 0;
    const presented = await fetchCertificate(url);
    expect(presented.fingerprint256).toBe(pin);
    expect(presented.verified).toBe(false);
    const signed = caSignedCert();
    const signedUrl = await serve(signed.leaf);
    expect((await fetchCertificate(signedUrl, { ca: signed.ca.cert })).verified).toBe(true);
    expect(seen).toEqual([]);
  });

  it('normalizes fingerprints and rejects what is not one', () => {
    expect(normalizeFingerprint(pin.toLowerCase())).toBe(pin);
    expect(normalizeFingerprint(`SHA256:${pin.replace(/:/g, ' ')}`)).toBe(pin);
    expect(normalizeFingerprint('AB:CD')).toBeNull();
  });
});
