#!/usr/bin/env node
// `npm run build:agent`: the node agent as one self-contained bundle for plain `node` (20 or later),
// without the monorepo or node_modules: dist/node-agent/cc-node-agent.mjs (the supervisor) and
// worker.mjs beside it (main.ts forks `./worker<its own extension>`). `--deb` (npm run
// build:agent-deb) also packs dist/cluster-console-agent_<version>_all.deb with dpkg-deb.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { build } from 'esbuild';

const packageDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const root = path.resolve(packageDir, '../..');
// --out-dir DIR: the bundle elsewhere (the bundle test builds into an empty temp dir outside the repo).
const outArg = process.argv.indexOf('--out-dir');
const outDir = outArg > 0 ? path.resolve(process.argv[outArg + 1]) : path.join(root, 'dist/node-agent');
const packaging = path.join(packageDir, 'packaging');
const { version } = JSON.parse(fs.readFileSync(path.join(packageDir, 'package.json'), 'utf8'));

const MIN_NODE = 20;
// Runs before the bundle's own code: a too-old node gets one line, not a syntax error deep inside.
// CommonJS dependencies call require() for node built-ins, which an ES module bundle must provide.
const banner = [
  `if (Number(process.versions.node.split('.')[0]) < ${MIN_NODE}) {`,
  `  process.stderr.write('cc-node-agent: Node.js ${MIN_NODE} or later is required, this is ' + process.version + '\\n');`,
  '  process.exit(2);',
  '}',
  "import { createRequire as __ccCreateRequire } from 'node:module';",
  'const require = __ccCreateRequire(import.meta.url);',
].join('\n');

export async function buildBundle() {
  fs.rmSync(outDir, { recursive: true, force: true });
  await build({
    entryPoints: {
      'cc-node-agent': path.join(packageDir, 'src/main.ts'),
      worker: path.join(packageDir, 'src/worker.ts'),
    },
    outdir: outDir,
    outExtension: { '.js': '.mjs' },
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: `node${MIN_NODE}`,
    banner: { js: banner },
    legalComments: 'eof',
    logLevel: 'warning',
  });
  fs.chmodSync(path.join(outDir, 'cc-node-agent.mjs'), 0o755);
  return outDir;
}

const CONTROL = `Package: cluster-console-agent
Version: ${version}
Architecture: all
Maintainer: Cluster Console <cluster-console@localhost>
Section: mail
Priority: optional
Depends: adduser, openssl
Description: Cluster Console node agent
 The admin API through which the Cluster Console manages a mail server
 (Dovecot, Postfix, or the simulated driver). Runs as the cc-agent user under
 systemd (cluster-console-agent.service); needs Node.js 20 or later, which
 Debian 12's nodejs package is not: install one (e.g. NodeSource) as
 /usr/bin/node or name it in /etc/default/cluster-console-agent (CC_AGENT_NODE).
`;

/** Copies a file into the package tree, creating its directory, with the given mode. */
function put(tree, from, to, mode) {
  const dest = path.join(tree, to);
  fs.mkdirSync(path.dirname(dest), { recursive: true });
  fs.copyFileSync(from, dest);
  fs.chmodSync(dest, mode);
}

export function buildDeb() {
  fs.mkdirSync(path.join(root, 'dist'), { recursive: true });
  const tree = fs.mkdtempSync(path.join(root, 'dist/.deb-'));
  fs.chmodSync(tree, 0o755); // the package's "./": never hand / a 0700 mode
  try {
    for (const file of fs.readdirSync(outDir)) {
      put(tree, path.join(outDir, file), `usr/lib/cluster-console-agent/${file}`, 0o644);
    }
    put(tree, path.join(packaging, 'cc-node-agent'), 'usr/bin/cc-node-agent', 0o755);
    put(
      tree,
      path.join(packaging, 'cluster-console-agent.service'),
      'lib/systemd/system/cluster-console-agent.service',
      0o644,
    );
    put(tree, path.join(packaging, 'agent.json.example'), 'etc/cluster-console-agent/agent.json.example', 0o644);
    for (const script of ['postinst', 'prerm', 'postrm']) {
      put(tree, path.join(packaging, 'debian', script), `DEBIAN/${script}`, 0o755);
    }
    fs.writeFileSync(path.join(tree, 'DEBIAN/control'), CONTROL);
    fs.writeFileSync(path.join(tree, 'DEBIAN/conffiles'), '/etc/cluster-console-agent/agent.json.example\n');
    const deb = path.join(root, 'dist', `cluster-console-agent_${version}_all.deb`);
    const r = spawnSync('dpkg-deb', ['--root-owner-group', '--build', tree, deb], {
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    if (r.error) throw new Error(`dpkg-deb: ${r.error.message} (install dpkg, or build on Debian)`);
    if (r.status !== 0) throw new Error(`dpkg-deb exited with ${r.status}`);
    return deb;
  } finally {
    fs.rmSync(tree, { recursive: true, force: true });
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const dir = await buildBundle();
  console.log(`[build:agent] ${path.relative(root, dir)}/cc-node-agent.mjs (run it with node ${MIN_NODE}+)`);
  if (process.argv.includes('--deb')) console.log(`[build:agent] ${path.relative(root, buildDeb())}`);
}
