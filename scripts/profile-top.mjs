#!/usr/bin/env node
// Summarises a V8 CPU profile (.cpuprofile, e.g. from BENCH_PROFILE=dir npm run bench): where the
// process spent its time, by function (self time) and by package or source area, optionally only
// between two offsets into the profile. Frames in the console's bundled server chunks are mapped back
// to their source files through the chunks' source maps (a build writes them next to the chunks).
//   node scripts/profile-top.mjs console-123.cpuprofile [--from=s] [--to=s] [--top=25]
import fs from 'node:fs';
import { SourceMap } from 'node:module';
import { fileURLToPath } from 'node:url';

const args = process.argv.slice(2);
const file = args.find((a) => !a.startsWith('--'));
if (!file) {
  console.error('usage: profile-top.mjs <file.cpuprofile> [--from=seconds] [--to=seconds] [--top=N]');
  process.exit(2);
}
const opt = (name, fallback) => {
  const a = args.find((x) => x.startsWith(`--${name}=`));
  return a ? Number(a.slice(name.length + 3)) : fallback;
};
const from = opt('from', 0) * 1e6;
const to = opt('to', Infinity) * 1e6;
const top = opt('top', 25);

const profile = JSON.parse(fs.readFileSync(file, 'utf8'));
const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const selfUs = new Map();
let t = 0;
let total = 0;
for (let i = 0; i < profile.samples.length; i++) {
  const dt = profile.timeDeltas[i] ?? 0;
  t += dt;
  if (t < from || t > to) continue;
  const id = profile.samples[i];
  selfUs.set(id, (selfUs.get(id) ?? 0) + dt);
  total += dt;
}

const maps = new Map();

/** The source file a frame in a bundled chunk came from, through the chunk's source map. */
function originalSource(frame) {
  const url = frame.url ?? '';
  if (!url.includes('/.next/')) return null;
  const file = url.startsWith('file://') ? fileURLToPath(url) : url;
  let map = maps.get(file);
  if (map === undefined) {
    try {
      map = new SourceMap(JSON.parse(fs.readFileSync(`${file}.map`, 'utf8')));
    } catch {
      map = null;
    }
    maps.set(file, map);
  }
  const source = map?.findEntry(frame.lineNumber, frame.columnNumber)?.originalSource;
  return source ? decodeURIComponent(source).replace(/^(\.\.\/)+/, '/') : null;
}

/** node_modules/<pkg>, a workspace package's source folder, or a V8/Node category. */
function area(frame) {
  const url = originalSource(frame) ?? frame.url ?? '';
  if (!url) return `(${frame.functionName || 'program'})`;
  const nm = url.lastIndexOf('node_modules/');
  if (nm >= 0) {
    const rest = url.slice(nm + 13).split('/');
    return rest[0]?.startsWith('@') ? `${rest[0]}/${rest[1]}` : (rest[0] ?? url);
  }
  if (url.startsWith('node:')) return url;
  const m = /\/(apps|packages)\/([^/]+)\/(src\/(?:services\/[^/]+|[^/]+))?/.exec(url);
  if (m) return [m[1], m[2], m[3]].filter(Boolean).join('/');
  const chunk = /\.next\/server\/(.*)$/.exec(url);
  return chunk ? `.next/server (${chunk[1].split('/')[0]})` : url;
}

const byFunction = new Map();
const byArea = new Map();
for (const [id, us] of selfUs) {
  const frame = byId.get(id).callFrame;
  const source = originalSource(frame);
  const file = (source ?? frame.url ?? '').split('/').slice(-2).join('/');
  const where = `${frame.functionName || '(anonymous)'} ${file}${source ? '' : `:${frame.lineNumber + 1}`}`;
  byFunction.set(where, (byFunction.get(where) ?? 0) + us);
  const a = area(frame);
  byArea.set(a, (byArea.get(a) ?? 0) + us);
}

const print = (title, map) => {
  console.log(`\n${title}`);
  for (const [k, us] of [...map].sort((a, b) => b[1] - a[1]).slice(0, top))
    console.log(`${(us / 1000).toFixed(0).padStart(8)} ms ${((100 * us) / total).toFixed(1).padStart(5)} %  ${k}`);
};
console.log(`${file}: ${(total / 1e6).toFixed(1)} s sampled`);
print('self time by area', byArea);
print('self time by function', byFunction);
