/** compareWithCluster: the plan against the nodes the console knows and their live load. */
import {
  ACCESS_PROTOCOLS,
  CPU_WARN_PERCENT,
  HEADROOM_WARN,
  PROTOCOLS,
  SESSIONS_PER_BACKEND,
  SESSIONS_PER_FRONTEND,
} from './assumptions';
import { fmt } from './format';
import { controllerChannels, growthFactor, mixShare, sessionCost } from './formulas';
import { mixOf } from './plan';
import type { Plan } from './plan-types';

export type NodeRoleName = 'FRONTEND' | 'BACKEND';

export interface CurrentNode {
  name: string;
  role: NodeRoleName;
  /** The console's node state ('ready', 'draining', 'down', …); only 'ready' adds capacity. */
  state: string;
  sessions: number;
  cpuPercent: number | null;
}

export interface CurrentCluster {
  /** Registered nodes per role (all of them, even when `nodes` is a first page). */
  frontends: number;
  backends: number;
  sessionsNow: number;
  accountsOpenNow: number;
  nodes: readonly CurrentNode[];
}

export type Severity = 'critical' | 'warning' | 'info';

export interface Shortfall {
  /** Stable per finding: a React key and a test hook. */
  id: string;
  severity: Severity;
  tier: 'frontend' | 'backend' | 'cluster';
  message: string;
}

/** One bar group of the capacity chart, in sessions. */
export interface CapacityPoint {
  tier: 'Frontends' | 'Backends';
  loadNow: number;
  plannedLoad: number;
  currentCapacity: number;
  recommendedCapacity: number;
}

export interface Comparison {
  shortfalls: Shortfall[];
  series: CapacityPoint[];
  serving: { frontends: number; backends: number };
}

const SEVERITY_ORDER: Record<Severity, number> = { critical: 0, warning: 1, info: 2 };
const plural = (n: number, word: string) => `${fmt(n)} ${word}${n === 1 ? '' : 's'}`;

/** Pure: shortfalls (most severe first) and the chart series. */
export function compareWithCluster(plan: Plan, current: CurrentCluster): Comparison {
  const { input } = plan;
  const mix = mixOf(input);
  // Capacity follows the cluster as it is: without frontends, backends take every protocol themselves.
  const currentHasFrontends = current.frontends > 0;
  const backendProtocols = currentHasFrontends ? ACCESS_PROTOCOLS : PROTOCOLS;
  const shortfalls: Shortfall[] = [];

  const tiers = [
    {
      tier: 'frontend' as const,
      role: 'FRONTEND' as const,
      label: 'Frontends' as const,
      word: 'frontend',
      need: plan.frontends,
      registered: current.frontends,
      each: SESSIONS_PER_FRONTEND / sessionCost(mix, PROTOCOLS),
      share: currentHasFrontends ? 1 : 0,
      recommendedCapacity: plan.capacity.frontends,
    },
    {
      tier: 'backend' as const,
      role: 'BACKEND' as const,
      label: 'Backends' as const,
      word: 'backend',
      need: plan.backends,
      registered: current.backends,
      each: SESSIONS_PER_BACKEND / sessionCost(mix, backendProtocols),
      share: mixShare(mix, backendProtocols),
      recommendedCapacity: plan.capacity.backends,
    },
  ];

  const series: CapacityPoint[] = [];
  const serving = { frontends: 0, backends: 0 };
  for (const t of tiers) {
    const nodes = current.nodes.filter((n) => n.role === t.role);
    const ready = nodes.filter((n) => n.state === 'ready').length;
    serving[t.tier === 'frontend' ? 'frontends' : 'backends'] = ready;
    const capacity = ready * t.each;
    const loadNow = nodes.reduce((sum, n) => sum + n.sessions, 0);
    const expected = (years: number) => input.sessions * t.share * growthFactor(input.growthPercentPerYear, years);
    const plannedLoad = expected(input.horizonYears);
    series.push({
      tier: t.label,
      loadNow,
      plannedLoad,
      currentCapacity: capacity,
      recommendedCapacity: t.recommendedCapacity,
    });
    // A symmetric plan (no frontends) against a cluster without frontends: nothing to compare.
    if (t.need === 0 && t.registered === 0) continue;
    const add = (id: string, severity: Severity, message: string) =>
      shortfalls.push({ id: `${id}-${t.tier}`, severity, tier: t.tier, message });

    if (t.registered < t.need) {
      add(
        'count',
        expected(0) > capacity ? 'critical' : 'warning',
        `${t.label}: the plan needs ${t.need}, the cluster has ${t.registered} (${t.need - t.registered} short).`,
      );
    }
    if (t.registered > 0 && ready === 0) {
      add('none-ready', 'critical', `No ${t.word} is Ready: this tier carries no sessions.`);
    } else if (input.highAvailability && ready === 1) {
      add(
        'spof',
        'critical',
        `Only one ${t.word} is Ready: a single point of failure, and high availability is required.`,
      );
    }
    if (capacity > 0 && loadNow > capacity) {
      add('overload', 'critical', `${t.label} over capacity now: ${fmt(loadNow)} sessions on ${fmt(capacity)}.`);
    } else if (capacity > 0 && loadNow > HEADROOM_WARN * capacity) {
      add(
        'headroom',
        'warning',
        `${t.label} at ${Math.round((100 * loadNow) / capacity)} % of capacity now (${fmt(loadNow)} of ${fmt(capacity)} sessions).`,
      );
    }
    // With nothing Ready, 'none-ready' already says it all.
    const firstShortYear =
      ready === 0
        ? undefined
        : Array.from({ length: input.horizonYears + 1 }, (_, y) => y).find((y) => expected(y) > capacity);
    if (firstShortYear === 0) {
      add(
        'capacity',
        'critical',
        `${t.label}: the expected ${fmt(expected(0))} sessions exceed what ${plural(ready, 'Ready ' + t.word)} can carry (${fmt(capacity)}).`,
      );
    } else if (firstShortYear !== undefined) {
      add(
        'growth',
        'warning',
        `${t.label}: from year ${firstShortYear} the expected ${fmt(expected(firstShortYear))} sessions exceed today’s capacity (${fmt(capacity)}).`,
      );
    }
    const idle = nodes.filter((n) => n.state !== 'ready');
    if (idle.length > 0) {
      add(
        'not-serving',
        idle.some((n) => n.state === 'down') ? 'warning' : 'info',
        `${plural(idle.length, t.word)} not serving: ${idle.map((n) => `${n.name} (${n.state})`).join(', ')}.`,
      );
    }
  }

  for (const n of current.nodes) {
    if (n.cpuPercent != null && n.cpuPercent >= CPU_WARN_PERCENT) {
      shortfalls.push({
        id: `cpu-${n.name}`,
        severity: 'warning',
        tier: n.role === 'FRONTEND' ? 'frontend' : 'backend',
        message: `${n.name} runs at ${Math.round(n.cpuPercent)} % CPU.`,
      });
    }
  }
  if (current.accountsOpenNow > input.accounts) {
    shortfalls.push({
      id: 'accounts',
      severity: 'warning',
      tier: 'cluster',
      message: `${fmt(current.accountsOpenNow)} accounts are open now, more than the ${fmt(input.accounts)} planned: check “Accounts”.`,
    });
  }
  if (current.sessionsNow > input.sessions) {
    shortfalls.push({
      id: 'sessions',
      severity: 'warning',
      tier: 'cluster',
      message: `${fmt(current.sessionsNow)} sessions now, more than the ${fmt(input.sessions)} expected: check “Concurrent sessions”.`,
    });
  }
  const now = controllerChannels(current.backends, current.frontends);
  if (now.recommended < plan.controllerChannels.recommended) {
    shortfalls.push({
      id: 'channels',
      severity: 'info',
      tier: 'cluster',
      message: `Controller PWD channels: today’s cluster needs +${now.recommended}, the recommended one +${plan.controllerChannels.recommended}; raise the limit as nodes are added.`,
    });
  }

  shortfalls.sort((a, b) => SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity]);
  return { shortfalls, series, serving };
}
