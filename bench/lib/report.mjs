// bench/results.json and bench/RESULTS.md. Results are kept per database and per scenario, so a run
// of one scenario (BENCH_ONLY) replaces that scenario's rows and keeps the others with their dates.
// Everything in RESULTS.md below KEEP_MARKER is written by hand and kept as it is.

export const KEEP_MARKER = '<!-- Everything below this line is written by hand; npm run bench keeps it. -->';
const DATABASES = {
  postgresql: 'PostgreSQL',
  'postgresql-split': 'PostgreSQL, collector process (npm run collector)',
  pglite: 'PGlite (embedded)',
};

/**
 * A scenario's metric: { metric, unit, samples, target?, check? }. `check` ({ stat: 'p95' | 'median' |
 * 'max' | 'min', max } or, for rates where more is better, { stat, min }) makes the target
 * machine-checked: the row says whether it was met.
 */
export function summarize({ metric, unit, samples, target, check }) {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q) => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] ?? NaN;
  const row = {
    metric,
    unit,
    n: samples.length,
    median: at(0.5),
    p95: at(0.95),
    min: sorted[0],
    max: sorted.at(-1),
    target,
  };
  if (check) Object.assign(row, { check, met: meets(row[check.stat], check) });
  return row;
}

const meets = (value, check) => (check.min !== undefined ? value >= check.min : value <= check.max);

/** The results file with this run's scenarios replacing their earlier results on this database. */
export function mergeResults(doc, database, runs, machine) {
  const next = { updatedAt: new Date().toISOString(), machine, databases: {} };
  if (doc?.databases) next.databases = structuredClone(doc.databases);
  else if (doc?.results) next.databases = fromSingleRun(doc);
  next.databases[database] = { ...next.databases[database], ...runs };
  return next;
}

/** The results file as it was before results were kept per scenario: one run, one database. */
function fromSingleRun(doc) {
  const scenarios = {};
  for (const r of doc.results) {
    const { scenario, description, ...row } = r;
    scenarios[scenario] ??= { at: doc.at, nodes: null, description, results: [] };
    scenarios[scenario].results.push(row);
  }
  return { [doc.database]: scenarios };
}

const fmt = (v) => (Number.isFinite(v) ? (Math.round(v * 10) / 10).toLocaleString('en-US') : '–');
const day = (iso) => iso?.slice(0, 16).replace('T', ' ') ?? '';

export function formatResults(doc, previousMarkdown = '') {
  const { machine } = doc;
  const lines = [
    '# Benchmark results',
    '',
    `Written by \`npm run bench\` (last run ${day(doc.updatedAt)} UTC) on ${machine.cores} cores, ${machine.memoryGiB} GiB, Node ${machine.node}.`,
    'Each row says when its scenario last ran and with how many nodes (`BENCH_ONLY` runs replace only their own rows).',
    'Latencies are round trips over loopback HTTP (server time plus well under a millisecond). Shared, noisy',
    'machine: other engineers run test suites on the same 2 cores, so compare medians and ratios, not single runs;',
    '"load" is the 1-minute load average when the scenario ended (above 2, something else competed for the cores).',
    '',
    ...targets(doc),
  ];
  for (const [database, title] of Object.entries(DATABASES)) {
    const scenarios = doc.databases[database];
    if (!scenarios) continue;
    lines.push(
      `## ${title}`,
      '',
      '| scenario | metric | nodes | n | median | p95 | min | max | target | met | run (UTC) | load |',
      '| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | --- | :---: | --- | ---: |',
    );
    for (const [name, s] of Object.entries(scenarios)) {
      const load = s.load ?? '–';
      if (s.error)
        lines.push(
          `| ${name} | **failed**: ${s.error.split('\n')[0].replaceAll('|', '/')} | ${s.nodes ?? '–'} | | | | | | | | ${day(s.at)} | ${load} |`,
        );
      for (const r of s.results) {
        const met = r.met === undefined ? '' : r.met ? 'yes' : '**no**';
        lines.push(
          `| ${name} | ${r.metric} (${r.unit}) | ${s.nodes ?? '–'} | ${r.n} | ${fmt(r.median)} | ${fmt(r.p95)} | ${fmt(r.min)} | ${fmt(r.max)} | ${r.target ?? ''} | ${met} | ${day(s.at)} | ${load} |`,
        );
      }
    }
    lines.push('');
  }
  const kept = previousMarkdown.indexOf(KEEP_MARKER);
  lines.push(kept >= 0 ? previousMarkdown.slice(kept).trimEnd() : KEEP_MARKER, '');
  return lines.join('\n');
}

/** One line per machine-checked target, each database side by side. */
function targets(doc) {
  const rows = new Map();
  for (const [database, scenarios] of Object.entries(doc.databases)) {
    for (const [name, s] of Object.entries(scenarios)) {
      for (const r of s.results) {
        if (!r.check) continue;
        const key = `${name}: ${r.metric}`;
        const bound = r.check.min !== undefined ? `≥ ${fmt(r.check.min)}` : `≤ ${fmt(r.check.max)}`;
        const target = `${r.check.stat} ${bound} ${r.unit}`;
        const row = rows.get(key) ?? { target, at: '', cells: {} };
        // The newest run's target heads the row; an older cell judged against another one says so.
        if ((s.at ?? '') > row.at) Object.assign(row, { target, at: s.at ?? '' });
        const load = s.load === undefined ? '' : `, load ${s.load}`;
        const value = `${r.check.stat} ${fmt(r[r.check.stat])} ${r.unit}, ${s.nodes ?? '?'} nodes${load}`;
        row.cells[database] = { text: `${value} ${r.met ? '(met' : '(**missed**'}`, target };
        rows.set(key, row);
      }
    }
  }
  if (rows.size === 0) return [];
  const dbs = Object.keys(DATABASES).filter((d) => doc.databases[d]);
  return [
    '## Targets',
    '',
    `| measure | target | ${dbs.map((d) => DATABASES[d]).join(' | ')} |`,
    `| --- | --- | ${dbs.map(() => '---').join(' | ')} |`,
    ...[...rows].map(([key, r]) => {
      const cell = (c) => (c ? `${c.text}${c.target === r.target ? '' : ` against ${c.target}`})` : '–');
      return `| ${key} | ${r.target} | ${dbs.map((d) => cell(r.cells[d])).join(' | ')} |`;
    }),
    '',
  ];
}
