// The admin API's TLS certificate: one supplied by the administrator (--tls-cert/--tls-key), or one
// the agent makes on first start and keeps in its data dir (self-signed ECDSA P-256, named for --host).
// The console pins its SHA-256 fingerprint, which the agent prints when it starts.
import { execFile } from 'node:child_process';
import { createPrivateKey, X509Certificate } from 'node:crypto';
import { chmod, mkdir, readFile, rename, rm } from 'node:fs/promises';
import { isIP } from 'node:net';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

export interface AgentTlsOptions {
  /** PEM certificate (chain) file; with keyFile. Neither: the agent's own certificate. */
  certFile?: string;
  keyFile?: string;
}

export interface AgentTls {
  cert: string;
  key: string;
  /** "AB:CD:…", as the console shows it. */
  fingerprint256: string;
  /** Made by this agent (kept in <data dir>/tls) rather than supplied. */
  generated: boolean;
}

const DAYS = 3650;

export async function loadAgentTls(
  dataDir: string,
  name: string,
  host: string,
  options: AgentTlsOptions = {},
): Promise<AgentTls> {
  if (options.certFile || options.keyFile) {
    if (!options.certFile || !options.keyFile) throw new Error('give both --tls-cert and --tls-key, or neither');
    const [cert, key] = await Promise.all([
      readPem(options.certFile, '--tls-cert'),
      readPem(options.keyFile, '--tls-key'),
    ]);
    return { cert, key, fingerprint256: checkPair(cert, key, options.certFile), generated: false };
  }
  const dir = join(dataDir, 'tls');
  const certFile = join(dir, 'cert.pem');
  const keyFile = join(dir, 'key.pem');
  const existing = await Promise.all([readFile(certFile, 'utf8'), readFile(keyFile, 'utf8')]).catch(() => null);
  if (existing) {
    const [cert, key] = existing;
    return { cert, key, fingerprint256: checkPair(cert, key, certFile), generated: true };
  }
  await mkdir(dir, { recursive: true, mode: 0o700 });
  await generate(dir, name, host);
  const [cert, key] = await Promise.all([readFile(certFile, 'utf8'), readFile(keyFile, 'utf8')]);
  return { cert, key, fingerprint256: checkPair(cert, key, certFile), generated: true };
}

/** Subject alternative names for the address the admin API listens on. */
export function subjectAltNames(host: string): string {
  const wildcard = host === '0.0.0.0' || host === '::';
  const names = wildcard ? [`DNS:${hostname()}`, 'DNS:localhost', 'IP:127.0.0.1'] : [];
  if (!wildcard) names.push(isIP(host) ? `IP:${host}` : `DNS:${host}`);
  return names.join(',');
}

async function generate(dir: string, name: string, host: string): Promise<void> {
  // Written under temporary names and renamed: a crash never leaves half a pair behind.
  const tmpCert = join(dir, 'cert.pem.tmp');
  const tmpKey = join(dir, 'key.pem.tmp');
  const args = ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-sha256']
    .concat(['-days', String(DAYS), '-subj', `/CN=${name}`, '-addext', `subjectAltName=${subjectAltNames(host)}`])
    .concat(['-keyout', tmpKey, '-out', tmpCert]);
  try {
    // umask-independent: the key is readable by this user only, before and after the rename.
    await promisify(execFile)('openssl', args, { timeout: 30_000 });
    await chmod(tmpKey, 0o600);
    await rename(tmpKey, join(dir, 'key.pem'));
    await rename(tmpCert, join(dir, 'cert.pem'));
  } catch (e) {
    await Promise.all([rm(tmpCert, { force: true }), rm(tmpKey, { force: true })]);
    const err = e as NodeJS.ErrnoException & { stderr?: string };
    if (err.code === 'ENOENT') {
      throw new Error(
        'cannot make a TLS certificate: the openssl command is missing (install it, or give --tls-cert and --tls-key)',
        { cause: e },
      );
    }
    throw new Error(`cannot make a TLS certificate: ${err.stderr?.trim() || err.message}`, { cause: e });
  }
}

async function readPem(file: string, flag: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (e) {
    throw new Error(`${flag}: cannot read ${file}: ${(e as NodeJS.ErrnoException).code ?? String(e)}`, { cause: e });
  }
}

/** The certificate's fingerprint, once it is known to be a certificate and the key to be its own. */
function checkPair(cert: string, key: string, certFile: string): string {
  let x509: X509Certificate;
  try {
    x509 = new X509Certificate(cert);
  } catch (e) {
    throw new Error(`${certFile} is not a PEM certificate`, { cause: e });
  }
  let ok: boolean;
  try {
    ok = x509.checkPrivateKey(createPrivateKey(key));
  } catch (e) {
    throw new Error(`the TLS key for ${certFile} is not a PEM private key`, { cause: e });
  }
  if (!ok) throw new Error(`the TLS key does not belong to the certificate ${certFile}`);
  return x509.fingerprint256;
}
