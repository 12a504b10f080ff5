#!/usr/bin/env node
// Fails when relative imports form a cycle inside apps/ or packages/ (type-only imports count too: a
// cycle of types is still two modules that cannot be understood apart). Prints each cycle once.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const SKIP = new Set(['node_modules', '.next', 'dist', 'generated', '.turbo']);
const EXT = ['.ts', '.tsx', '.mts', '.js', '.mjs'];

function sources(dir, out = []) {
  for (const name of readdirSync(dir)) {
    if (SKIP.has(name)) continue;
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) sources(full, out);
    else if (EXT.some((e) => name.endsWith(e)) && !name.endsWith('.d.ts')) out.push(full);
  }
  return out;
}

/** The file a relative specifier names, as the bundler resolution finds it (index files included). */
function resolve(from, spec) {
  const base = path.resolve(path.dirname(from), spec);
  const candidates = [base, ...EXT.map((e) => base + e), ...EXT.map((e) => path.join(base, 'index' + e))];
  return candidates.find((c) => {
    try {
      return statSync(c).isFile();
    } catch {
      return false;
    }
  });
}

export function findCycles(files) {
  const graph = new Map();
  const importRe = /(?:^|\n)\s*(?:import|export)\s[^'"]*?from\s+['"](\.{1,2}\/[^'"]+)['"]/g;
  for (const file of files) {
    const text = readFileSync(file, 'utf8');
    const deps = new Set();
    for (const m of text.matchAll(importRe)) {
      const target = resolve(file, m[1]);
      if (target) deps.add(target);
    }
    graph.set(file, deps);
  }
  // Tarjan's strongly connected components: every component of more than one file is a cycle.
  let index = 0;
  const stack = [];
  const meta = new Map();
  const cycles = [];
  const visit = (v) => {
    meta.set(v, { index, low: index, onStack: true });
    index++;
    stack.push(v);
    for (const w of graph.get(v) ?? []) {
      if (!graph.has(w)) continue;
      if (!meta.has(w)) {
        visit(w);
        meta.get(v).low = Math.min(meta.get(v).low, meta.get(w).low);
      } else if (meta.get(w).onStack) meta.get(v).low = Math.min(meta.get(v).low, meta.get(w).index);
    }
    if (meta.get(v).low === meta.get(v).index) {
      const component = [];
      let w;
      do {
        w = stack.pop();
        meta.get(w).onStack = false;
        component.push(w);
      } while (w !== v);
      if (component.length > 1) cycles.push(component.sort());
    }
  };
  for (const v of graph.keys()) if (!meta.has(v)) visit(v);
  return cycles;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const files = ['apps', 'packages'].flatMap((d) => sources(path.join(root, d)));
  const cycles = findCycles(files);
  for (const c of cycles) console.error(`import cycle: ${c.map((f) => path.relative(root, f)).join(' ↔ ')}`);
  if (cycles.length) process.exit(1);
  console.log(`no import cycles in ${files.length} files`);
}
