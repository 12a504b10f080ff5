// Test only: certificates made with the openssl command line (Debian has it), in a fresh directory.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface TestCert {
  cert: string;
  key: string;
  certFile: string;
  keyFile: string;
}

const EC = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes'];

function openssl(args: string[], cwd: string): void {
  execFileSync('openssl', args, { cwd, stdio: ['ignore', 'ignore', 'pipe'] });
}

function read(dir: string, name: string): TestCert {
  const certFile = join(dir, `${name}.pem`);
  const keyFile = join(dir, `${name}.key`);
  return { cert: readFileSync(certFile, 'utf8'), key: readFileSync(keyFile, 'utf8'), certFile, keyFile };
}

/** A self-signed certificate for 127.0.0.1. */
export function selfSignedCert(name = 'self'): TestCert {
  const dir = mkdtempSync(join(tmpdir(), 'cc-cert-'));
  openssl(
    [
      'req',
      '-x509',
      ...EC,
      '-keyout',
      `${name}.key`,
      '-out',
      `${name}.pem`,
      '-days',
      '2',
      '-subj',
      `/CN=${name}`,
    ].concat(['-addext', 'subjectAltName=IP:127.0.0.1']),
    dir,
  );
  return read(dir, name);
}

/** A CA and a certificate it signed for 127.0.0.1; `expired` makes the leaf's validity end before it starts. */
export function caSignedCert(options: { expired?: boolean } = {}): { ca: TestCert; leaf: TestCert } {
  const dir = mkdtempSync(join(tmpdir(), 'cc-ca-'));
  openssl(['req', '-x509', ...EC, '-keyout', 'ca.key', '-out', 'ca.pem', '-days', '2', '-subj', '/CN=test-ca'], dir);
  openssl(['req', ...EC, '-keyout', 'leaf.key', '-out', 'leaf.csr', '-subj', '/CN=leaf'], dir);
  writeFileSync(join(dir, 'ext'), 'subjectAltName=IP:127.0.0.1\n');
  const days = options.expired ? '-1' : '2';
  openssl(
    [
      'x509',
      '-req',
      '-in',
      'leaf.csr',
      '-CA',
      'ca.pem',
      '-CAkey',
      'ca.key',
      '-CAcreateserial',
      '-out',
      'leaf.pem',
    ].concat(['-days', days, '-extfile', 'ext']),
    dir,
  );
  return { ca: read(dir, 'ca'), leaf: read(dir, 'leaf') };
}
