#!/usr/bin/env node
// Summarises a V8 CPU profile (.cpuprofile, e.g. from BENCH_PROFILE=dir npm run bench): where the
// process spent its time, by function (self time) and by package or source area, optionally only
// between two offsets into the profile.
//   node scripts/profile-top.mjs console-123.cpuprofile [--from=s] [--to=s] [--top=25]
import fs from 'node:fs';

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

/** node_modules/<pkg>, a workspace package or app, or a V8/Node category. */
function area(frame) {
  const url = frame.url ?? '';
  if (!url) return `(${frame.functionName || 'program'})`;
  const nm = url.lastIndexOf('node_modules/');
  if (nm >= 0) {
    const rest = url.slice(nm + 13).split('/');
    return rest[0]?.startsWith('@') ? `${rest[0]}/${rest[1]}` : (rest[0] ?? url);
  }
  if (url.startsWith('node:')) return url;
  const m = /\/(apps|packages)\/([^/]+)\//.exec(url);
  if (m) return `${m[1]}/${m[2]}`;
  const chunk = /\.next\/server\/(.*)$/.exec(url);
  return chunk ? `.next/server (${chunk[1].split('/')[0]})` : url;
}

const byFunction = new Map();
const byArea = new Map();
for (const [id, us] of selfUs) {
  const frame = byId.get(id).callFrame;
  const where = `${frame.functionName || '(anonymous)'} ${(frame.url ?? '').split('/').slice(-2).join('/')}:${frame.lineNumber + 1}`;
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
