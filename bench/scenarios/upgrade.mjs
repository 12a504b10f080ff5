// Rolling upgrade of the demo cluster's agent processes to the next catalog version: the run's wall
// time over the time its nodes spent draining and restarting (which no orchestration can avoid).
// Fleet nodes (BENCH_NODES > 5) cannot restart into another version and are not part of it.
export const name = 'upgrade';
export const description = 'Rolling upgrade overhead: wall time / sum of drain + restart times';
// Late: it changes the nodes' versions for whatever runs after it.
export const order = 80;

const DEADLINE_S = Number(process.env.BENCH_UPGRADE_DEADLINE_S ?? 15);

export async function run({ api, agents, log }) {
  const names = new Set(agents.map((a) => a.name));
  let releases;
  let clusterVersions;
  // Versions are known once the collector has heard from every node.
  await until(async () => {
    ({ releases, clusterVersions } = await api.query('upgrades.releases'));
    return clusterVersions.every((v) => v.version !== 'unknown');
  }, 30_000);
  const current = clusterVersions.find((v) => v.version !== 'unknown')?.version;
  // The oldest catalog version newer than what the agents run and reachable from it.
  const target = [...releases].reverse().find((r) => r.needing > 0 && r.blocked.length === 0 && r.version !== current);
  if (!target) throw new Error(`no catalog version to upgrade ${current} to`);
  const preflight = () =>
    api.query('upgrades.preflight', { targetVersion: target.version, drainDeadlineSeconds: DEADLINE_S });
  let pre = await preflight();
  const order = pre.plan.order.filter((n) => names.has(n.name)).map((n) => n.id);
  if (order.length !== pre.plan.order.length) {
    log(`upgrade: ${pre.plan.order.length - order.length} fleet node(s) cannot be upgraded; skipping`);
    return [];
  }
  // Earlier scenarios restart and withdraw nodes: wait until the cluster is whole again.
  await until(async () => (pre = await preflight()).ok, 60_000);
  log(
    `upgrade: ${order.length} nodes ${current} -> ${target.version}, drain deadline ${DEADLINE_S} s (then end sessions)`,
  );
  const { id } = await api.mutate('upgrades.start', {
    targetVersion: target.version,
    order,
    drainDeadlineSeconds: DEADLINE_S,
    deadlineAction: 'end-sessions',
    pauseAfterEachNode: false,
  });
  let run;
  await until(
    async () => {
      run = await api.query('upgrades.get', { id });
      if (run.state === 'failed' || run.state === 'aborted') throw new Error(`upgrade ${run.state}: ${run.message}`);
      return run.state === 'completed';
    },
    order.length * (DEADLINE_S + 120) * 1000,
  );

  const t = run.timeline;
  log(`upgrade: wall ${(t.wallMs / 1000).toFixed(1)} s, drain + restart ${(t.unavoidableMs / 1000).toFixed(1)} s`);
  const steps = run.steps.map((s) => s.timeline);
  return [
    {
      // As a percentage so the table's rounding keeps it readable: 105.3 % = a ratio of 1.053.
      metric: `Wall time / (drain + restart), ${order.length} nodes`,
      unit: '%',
      samples: [Number((t.overhead * 100).toFixed(1))],
      target: '≤ 110 % (ratio ≤ 1.1)',
      check: { stat: 'max', max: 110 },
    },
    { metric: 'Run wall time', unit: 'ms', samples: [t.wallMs] },
    { metric: 'Drain per node', unit: 'ms', samples: steps.map((s) => s.drainMs) },
    { metric: 'Restart to healthy per node', unit: 'ms', samples: steps.map((s) => s.restartMs) },
    { metric: 'Make Ready + first new session per node', unit: 'ms', samples: steps.map((s) => s.checksMs) },
  ];
}

async function until(check, timeoutMs) {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`timed out after ${timeoutMs} ms`);
}
