// TLS between the console and its nodes: fingerprints confirmed at registration and pinned, a changed
// certificate refused until an administrator accepts it, a CA instead of pins, plain HTTP only by choice.
import fs from 'node:fs';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';

import { certificateFingerprint } from '@cc/node-api';
import { caSignedCert, selfSignedCert } from '@cc/node-api/test-certs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { callerAs, collectOnce, createTestDeps } from '../../test/db';
import { startAgentProcess, type RunningAgent } from '../../test/agents';
import { callError } from '../../test/errors';
import { PLAIN_HTTP_REFUSED } from '../services/nodes/node-tls';

type Deps = Awaited<ReturnType<typeof createTestDeps>>;
let deps: Deps;
let agent: RunningAgent;
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cc-tls-agent-'));
/** A well-formed fingerprint no certificate here has. */
const WRONG = Array.from({ length: 32 }, () => 'AB').join(':');

beforeAll(async () => {
  [deps, agent] = await Promise.all([
    createTestDeps(),
    startAgentProcess('tls-backend-1', 'backend', [], { tls: true, dataDir }),
  ]);
});
afterAll(async () => {
  await agent?.stop();
  await deps?.dispose();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

const auditRows = (action: string) => deps.db.prisma.auditEvent.findMany({ where: { action }, orderBy: { id: 'asc' } });
const nodeCount = () => deps.db.prisma.node.count();

describe('registering a node over https://', () => {
  it('shows the certificate fingerprint first, without sending the token', async () => {
    const admin = await callerAs(deps, 'SERVER_ADMIN');
    const input = { role: 'BACKEND' as const, adminUrl: agent.adminUrl, token: agent.token };
    const shown = await admin.nodes.test(input);
    expect(shown).toMatchObject({ info: null, trust: 'unconfirmed' });
    expect(shown.certificate?.fingerprint256).toBe(agent.fingerprint256);
    // Confirmed, the test goes on to the token and the role.
    const confirmed = await admin.nodes.test({ ...input, tlsFingerprint: agent.fingerprint256! });
    expect(confirmed).toMatchObject({ trust: 'pinned', info: { name: 'tls-backend-1', role: 'backend' } });
  });

  it('sends no token to a certificate nobody confirmed', async () => {
    const cert = selfSignedCert('recorder');
    const seen: string[] = [];
    // Answers like an agent without a token: 401 in the agent's error shape.
    const server = https.createServer({ cert: cert.cert, key: cert.key }, (req, res) => {
      seen.push(req.headers.authorization ?? '');
      res.writeHead(401, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: { code: 'unauthorized', message: 'missing or wrong token' } }));
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    try {
      const admin = await callerAs(deps, 'SERVER_ADMIN');
      const adminUrl = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
      const token = 's'.repeat(32);
      const shown = await admin.nodes.test({ role: 'BACKEND', adminUrl, token });
      expect(shown.certificate?.fingerprint256).toBe(certificateFingerprint(cert.cert));
      expect(seen.join('')).not.toContain(token);
      const refused = await callError(admin.nodes.register({ name: 'recorder', role: 'BACKEND', adminUrl, token }));
      expect(refused.fieldErrors.tlsFingerprint?.[0]).toMatch(/Confirm the node's certificate fingerprint/);
      expect(seen.join('')).not.toContain(token);
    } finally {
      server.close();
    }
  });

  it('refuses a registration without a confirmed fingerprint, or with another one; nothing saved', async () => {
    const admin = await callerAs(deps, 'SERVER_ADMIN');
    const before = await nodeCount();
    const input = { name: 'tls-b1', role: 'BACKEND' as const, adminUrl: agent.adminUrl, token: agent.token };
    const unconfirmed = await callError(admin.nodes.register(input));
    expect(unconfirmed.fieldErrors.tlsFingerprint?.[0]).toMatch(/^Confirm the node's certificate fingerprint/);
    const wrong = await callError(admin.nodes.register({ ...input, tlsFingerprint: WRONG }));
    expect(wrong.code).toBe('BAD_REQUEST');
    expect(wrong.fieldErrors.tlsFingerprint?.[0]).toBe(
      `The node presents fingerprint ${agent.fingerprint256}, not the confirmed ${WRONG}. Nothing was sent or saved.`,
    );
    const garbled = await callError(admin.nodes.register({ ...input, tlsFingerprint: 'AB:CD' }));
    expect(garbled.fieldErrors.tlsFingerprint?.[0]).toMatch(/Not a SHA-256 fingerprint/);
    expect(await nodeCount()).toBe(before);
    const failures = (await auditRows('node.register')).filter((r) => r.outcome === 'FAILURE');
    expect(failures.at(-1)?.error).toMatch(/not the confirmed/);
  });

  it('refuses http:// unless plain HTTP is chosen for the node, and audits that choice', async () => {
    const admin = await callerAs(deps, 'SERVER_ADMIN');
    const before = await nodeCount();
    const plain = { role: 'BACKEND' as const, adminUrl: 'http://127.0.0.1:9', token: 'p'.repeat(32) };
    expect((await callError(admin.nodes.test(plain))).fieldErrors.adminUrl).toEqual([PLAIN_HTTP_REFUSED]);
    const reg = await callError(admin.nodes.register({ ...plain, name: 'plain' }));
    expect(reg.fieldErrors.adminUrl).toEqual([PLAIN_HTTP_REFUSED]);
    expect(await nodeCount()).toBe(before);

    const agentHttp = await startAgentProcess('plain-backend', 'backend');
    try {
      const input = {
        name: 'plain-b1',
        role: 'BACKEND' as const,
        adminUrl: agentHttp.adminUrl,
        token: agentHttp.token,
      };
      const node = await admin.nodes.register({ ...input, allowPlainHttp: true });
      expect(node).toMatchObject({ tlsFingerprint: null, allowPlainHttp: true });
      const entry = (await auditRows('node.register')).find((r) => r.targetId === node.id);
      expect(entry).toMatchObject({ outcome: 'SUCCESS', after: { trust: 'plain-http', allowPlainHttp: true } });
      expect(await admin.nodes.get({ id: node.id })).toMatchObject({ allowPlainHttp: true, tlsFingerprint: null });
      await admin.nodes.remove({ id: node.id });
    } finally {
      await agentHttp.stop();
    }
  });

  it('registers with the confirmed fingerprint, pins it, and polls the node over TLS', async () => {
    const admin = await callerAs(deps, 'SERVER_ADMIN');
    const node = await admin.nodes.register({
      name: 'tls-b1',
      role: 'BACKEND',
      adminUrl: agent.adminUrl,
      token: agent.token,
      // Any usual spelling: lower case, no colons.
      tlsFingerprint: agent.fingerprint256!.replace(/:/g, '').toLowerCase(),
    });
    expect(node).toMatchObject({ tlsFingerprint: agent.fingerprint256, allowPlainHttp: false });
    const entry = (await auditRows('node.register')).find((r) => r.targetId === node.id);
    expect(entry).toMatchObject({
      outcome: 'SUCCESS',
      after: { trust: 'pinned', tlsFingerprint: agent.fingerprint256 },
    });
    await collectOnce(deps);
    expect(await admin.nodes.get({ id: node.id })).toMatchObject({ state: 'ready', lastError: null });
  });
});

describe('a node whose certificate changes', () => {
  it('is refused everywhere until an administrator accepts the new fingerprint (audited)', async () => {
    const admin = await callerAs(deps, 'SERVER_ADMIN');
    const { id } = await deps.db.prisma.node.findUniqueOrThrow({ where: { name: 'tls-b1' } });
    const pinned = agent.fingerprint256!;
    // The node comes back on the same port with a new certificate (its tls directory was lost).
    const port = new URL(agent.adminUrl).port;
    await agent.stop();
    fs.rmSync(path.join(dataDir, 'tls'), { recursive: true });
    agent = await startAgentProcess('tls-backend-1', 'backend', [`--admin-port=${port}`], { tls: true, dataDir });
    const presented = agent.fingerprint256!;
    expect(presented).not.toBe(pinned);
    // The stored token is the old one's; the new process got a new token: give the row the new one.
    await deps.db.prisma.node.update({ where: { id }, data: { tokenEnc: deps.secrets.seal(agent.token) } });

    const changed = `certificate changed: expected fingerprint ${pinned}, got ${presented}`;
    await collectOnce(deps);
    expect((await admin.nodes.get({ id })).lastError).toBe(changed);
    const operator = await callerAs(deps, 'CLUSTER_OPERATOR');
    const readiness = await operator.nodes.setReadiness({ ids: [id], ready: false, reason: 'tls test' });
    expect(readiness.results[0]).toMatchObject({ ok: false, error: expect.stringContaining(changed) });

    // The node page shows both fingerprints.
    expect(await admin.nodes.certificate({ id })).toMatchObject({
      pinned,
      presented: { fingerprint256: presented },
    });
    // Only server administrators accept; a fingerprint other than the presented one changes nothing.
    expect((await callError(operator.nodes.acceptCertificate({ id, tlsFingerprint: presented }))).code).toBe(
      'FORBIDDEN',
    );
    const wrong = await callError(admin.nodes.acceptCertificate({ id, tlsFingerprint: WRONG }));
    expect(wrong.fieldErrors.tlsFingerprint?.[0]).toMatch(/not the confirmed/);
    expect((await deps.db.prisma.node.findUniqueOrThrow({ where: { id } })).tlsFingerprint).toBe(pinned);

    await admin.nodes.acceptCertificate({ id, tlsFingerprint: presented });
    const rows = await auditRows('node.certificate.accept');
    expect(rows.map((r) => r.outcome)).toEqual(['FAILURE', 'SUCCESS']);
    expect(rows[1]).toMatchObject({
      targetId: id,
      actorRole: 'SERVER_ADMIN',
      before: { tlsFingerprint: pinned },
      after: { tlsFingerprint: presented },
    });
    await collectOnce(deps);
    expect(await admin.nodes.get({ id })).toMatchObject({ state: 'ready', lastError: null });
  });
});

describe('CC_NODE_CA_FILE', () => {
  it('verifies a CA-signed node without a pin, and refuses an expired certificate', async () => {
    const good = caSignedCert();
    const old = caSignedCert({ expired: true });
    const caFile = path.join(dataDir, 'ca.pem');
    fs.writeFileSync(caFile, good.ca.cert + old.ca.cert);
    const tlsArgs = (c: { certFile: string; keyFile: string }) => [
      `--tls-cert=${c.certFile}`,
      `--tls-key=${c.keyFile}`,
    ];
    const signed = await startAgentProcess('ca-backend', 'backend', tlsArgs(good.leaf), { tls: true });
    const expired = await startAgentProcess('old-backend', 'backend', tlsArgs(old.leaf), { tls: true });
    process.env.CC_NODE_CA_FILE = caFile;
    try {
      const admin = await callerAs(deps, 'SERVER_ADMIN');
      const node = await admin.nodes.register({
        name: 'ca-b1',
        role: 'BACKEND',
        adminUrl: signed.adminUrl,
        token: signed.token,
      });
      expect(node).toMatchObject({ tlsFingerprint: null, allowPlainHttp: false });
      await collectOnce(deps);
      expect(await admin.nodes.get({ id: node.id })).toMatchObject({ state: 'ready', lastError: null });

      const before = await nodeCount();
      const refused = await callError(
        admin.nodes.register({ name: 'old-b1', role: 'BACKEND', adminUrl: expired.adminUrl, token: expired.token }),
      );
      expect(refused.fieldErrors.tlsFingerprint?.[0]).toMatch(
        /CC_NODE_CA_FILE does not vouch for it \(CERT_HAS_EXPIRED\)/,
      );
      expect(await nodeCount()).toBe(before);
    } finally {
      delete process.env.CC_NODE_CA_FILE;
      await Promise.all([signed.stop(), expired.stop()]);
    }
  });
});
