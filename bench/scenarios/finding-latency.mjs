// A split brain (a backend started without peers elects itself Controller) from its registration until
// health.findings lists it, and from its removal until the finding is closed: the evaluator runs beside
// the collector every second, and the /health page polls the same query every second.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

import { plannedPort, spawnAgent, stopProcess } from '../../scripts/lib/cluster.mjs';

export const name = 'finding-latency';
export const description = 'Rogue Controller registered -> split_brain finding listed; removed -> finding closed';

const ROUNDS = Number(process.env.BENCH_FINDING_ROUNDS ?? 5);

export async function run({ api, dataDir, log }) {
  const opened = [];
  const closed = [];
  const port = await plannedPort();
  const token = randomBytes(24).toString('base64url');
  const dir = path.join(dataDir, `bench-rogue-${port}`);
  const rogue = await spawnAgent({
    name: 'bench-rogue',
    token,
    args: ['--role=backend', '--name=bench-rogue', `--admin-port=${port}`, `--data-dir=${dir}`],
  });
  const splitBrain = async () =>
    (await api.query('health.findings', { status: 'active', kind: 'split_brain' })).active.length > 0;
  try {
    for (let i = 0; i < ROUNDS; i++) {
      let t = performance.now();
      const node = await api.mutate('nodes.register', {
        name: 'bench-rogue',
        role: 'BACKEND',
        adminUrl: `https://127.0.0.1:${port}`,
        token,
        tlsFingerprint: rogue.fingerprint256,
      });
      await until(splitBrain, 15_000);
      opened.push(performance.now() - t);
      t = performance.now();
      await api.mutate('nodes.remove', { id: node.id });
      await until(async () => !(await splitBrain()), 15_000);
      closed.push(performance.now() - t);
      log?.(
        `finding-latency round ${i + 1}: opened ${Math.round(opened.at(-1))} ms, closed ${Math.round(closed.at(-1))} ms`,
      );
    }
  } finally {
    await stopProcess(rogue.pid);
    fs.rmSync(dir, { recursive: true, force: true });
  }
  return [
    {
      metric: 'Split brain registered -> finding listed',
      unit: 'ms',
      samples: opened,
      target: '≤ 3,000',
      check: { stat: 'p95', max: 3000 },
    },
    { metric: 'Rogue node removed -> finding closed', unit: 'ms', samples: closed },
  ];
}

async function until(check, timeoutMs) {
  const deadline = performance.now() + timeoutMs;
  while (performance.now() < deadline) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`condition not met within ${timeoutMs} ms`);
}
