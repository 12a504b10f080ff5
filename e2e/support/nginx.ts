// nginx with TLS in front of several console processes, as the README's "Production" section sets it
// up: its own instance (own prefix, pid and logs in a temp dir), the Debian package installed when
// missing and we are root. The config is the README's example plus the temp paths a test needs.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';

const SEARCH = ['/usr/sbin', '/usr/bin', '/usr/local/sbin', '/usr/local/bin'];

function findNginx(): string | null {
  return SEARCH.map((dir) => path.join(dir, 'nginx')).find((file) => fs.existsSync(file)) ?? null;
}

/** The nginx binary, installed with apt-get when missing (root on Debian only); or why there is none. */
export function ensureNginx(): { bin: string } | { reason: string } {
  const found = findNginx();
  if (found) return { bin: found };
  if (process.getuid?.() !== 0 || spawnSync('apt-get', ['--version']).status !== 0) {
    return { reason: 'nginx is not installed (run as root: apt-get install -y nginx)' };
  }
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  for (const args of [
    ['update', '-qq'],
    ['install', '-y', '-qq', 'nginx'],
  ]) {
    const r = spawnSync('apt-get', args, { env, stdio: ['ignore', 'ignore', 'pipe'] });
    if (r.status !== 0) return { reason: `apt-get ${args.join(' ')} failed: ${String(r.stderr).trim()}` };
  }
  // The package starts a system instance on port 80; this test runs its own.
  if (fs.existsSync('/run/systemd/system')) spawnSync('systemctl', ['disable', '--now', 'nginx'], { stdio: 'ignore' });
  else spawnSync('/etc/init.d/nginx', ['stop'], { stdio: 'ignore' });
  const bin = findNginx();
  return bin ? { bin } : { reason: 'nginx still missing after apt-get install nginx' };
}

/** A self-signed certificate for 127.0.0.1 (P-256, two days) in `dir`. */
export function selfSignedCertificate(dir: string): { cert: string; key: string } {
  const cert = path.join(dir, 'cert.pem');
  const key = path.join(dir, 'key.pem');
  const r = spawnSync(
    'openssl',
    [
      'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '2',
      '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1', '-keyout', key, '-out', cert,
    ], // prettier-ignore
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  if (r.status !== 0) throw new Error(`openssl req failed: ${String(r.stderr).trim()}`);
  return { cert, key };
}

/** The production config (README "Production") with this instance's port, upstreams and temp paths. */
export function nginxConfig(o: { dir: string; port: number; upstreams: number[]; cert: string; key: string }): string {
  const d = o.dir;
  return `daemon off;
worker_processes 1;
pid ${d}/nginx.pid;
error_log ${d}/error.log warn;
events { worker_connections 256; }
http {
  # Which console served each request: the test waits on it; in production it says where a request went.
  log_format upstream '$remote_addr "$request" $status upstream=$upstream_addr';
  access_log ${d}/access.log upstream;
  client_body_temp_path ${d}/client_body;
  proxy_temp_path ${d}/proxy;
  fastcgi_temp_path ${d}/fastcgi;
  uwsgi_temp_path ${d}/uwsgi;
  scgi_temp_path ${d}/scgi;

  upstream console {
${o.upstreams.map((p) => `    server 127.0.0.1:${p} max_fails=1 fail_timeout=5s;`).join('\n')}
    keepalive 16;
  }

  server {
    listen 127.0.0.1:${o.port} ssl;
    ssl_certificate ${o.cert};
    ssl_certificate_key ${o.key};
    ssl_protocols TLSv1.2 TLSv1.3;
    add_header Strict-Transport-Security "max-age=31536000" always;

    proxy_http_version 1.1;
    proxy_set_header Connection "";
    proxy_set_header Host $http_host;
    proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
    proxy_set_header X-Forwarded-Proto https;
    proxy_set_header X-Request-Id $request_id;
    # A console that is down (refused, or silent for 2 s) is skipped for 5 s (fail_timeout) and the
    # request goes to the next; nginx retries a POST only if it never reached the dead console.
    proxy_connect_timeout 2s;
    proxy_next_upstream error timeout http_502 http_503;

    location / {
      proxy_pass http://console;
    }
    # tRPC subscriptions are server-sent events: pass each event on at once and keep the stream open.
    location /api/trpc/ {
      proxy_pass http://console;
      proxy_buffering off;
      proxy_read_timeout 1h;
    }
  }
}
`;
}

/** Writes the config into `dir` and starts `nginx -c <dir>/nginx.conf -p <dir>`; resolves once it listens. */
export async function startNginx(bin: string, o: Parameters<typeof nginxConfig>[0]): Promise<ChildProcess> {
  // As root, nginx's workers run as nobody: they must be able to enter the directory (the key stays 0600
  // and is read by the master).
  fs.chmodSync(o.dir, 0o755);
  const conf = path.join(o.dir, 'nginx.conf');
  fs.writeFileSync(conf, nginxConfig(o));
  const child = spawn(bin, ['-c', conf, '-p', o.dir, '-e', path.join(o.dir, 'error.log')], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (d) => (stderr += String(d)));
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) {
      const log = fs.existsSync(path.join(o.dir, 'error.log')) ? fs.readFileSync(path.join(o.dir, 'error.log')) : '';
      throw new Error(`nginx exited with ${child.exitCode}: ${stderr}${String(log)}`);
    }
    if (await listening(o.port)) return child;
    await new Promise((r) => setTimeout(r, 100));
  }
  child.kill('SIGKILL');
  throw new Error('nginx did not listen within 10 s');
}

function listening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = net.connect(port, '127.0.0.1');
    s.once('connect', () => (s.destroy(), resolve(true)));
    s.once('error', () => resolve(false));
  });
}

/** Whether nginx has passed a request to this upstream port and got an answer (its access log). */
export function servedBy(dir: string, port: number): boolean {
  const file = path.join(dir, 'access.log');
  return (
    fs.existsSync(file) &&
    new RegExp(` [1-4]\\d\\d upstream=(\\S+, )*127\\.0\\.0\\.1:${port}$`, 'm').test(fs.readFileSync(file, 'utf8'))
  );
}
