/** planCluster: from expected accounts and sessions to a recommended topology, with reasons. */
import {
  ACCESS_PROTOCOLS,
  ACCOUNTS_PER_BACKEND,
  CLUSTER_ADVISE_ACCOUNTS,
  CLUSTER_CONSIDER_ACCOUNTS,
  CLUSTER_DOMAIN_ACCOUNTS,
  CLUSTER_OF_CLUSTERS_ACCOUNTS,
  DIRECTORY_BOTTLENECK_FRONTENDS,
  FRONTEND_SPEC,
  PROTOCOLS,
  SESSIONS_PER_BACKEND,
  SESSIONS_PER_FRONTEND,
} from './assumptions';
import { fmt } from './format';
import {
  controllerChannels,
  dynamicSymmetricConnections,
  grow,
  growthFactor,
  mixShare,
  sessionCost,
  staticSymmetricConnections,
  type SessionMix,
} from './formulas';
import { ZSizingInput, type TSizingInput } from './schema';
import { LAST_ROW, serverSpecFor } from './sizing-table';
import type { InterServerConnections, Plan } from './plan-types';
import { buildTiers } from './tiers';
import { infrastructureFor, SETUP_LABELS, type Setup } from './topology';

export function mixOf(input: TSizingInput): SessionMix {
  return { imap: input.imapPercent, pop: input.popPercent, webUser: input.webUserPercent, smtp: input.smtpPercent };
}

/** Pure: the same input always gives the same plan. Throws a ZodError on invalid input. */
export function planCluster(raw: TSizingInput): Plan {
  const input = ZSizingInput.parse(raw);
  const { highAvailability: ha, growthPercentPerYear: growth, horizonYears: years } = input;
  const mix = mixOf(input);
  const planned = {
    accounts: grow(input.accounts, growth, years),
    largestDomainAccounts: grow(input.largestDomainAccounts, growth, years),
    sessions: grow(input.sessions, growth, years),
    growthFactor: growthFactor(growth, years),
    years,
  };
  const accessSessions = planned.sessions * mixShare(mix, ACCESS_PROTOCOLS);
  // IMAP-equivalent load: every session for a server taking clients directly, access sessions behind frontends.
  const allLoad = planned.sessions * sessionCost(mix, PROTOCOLS);
  const accessLoad = accessSessions * sessionCost(mix, ACCESS_PROTOCOLS);
  const byAccounts = Math.ceil(planned.accounts / ACCOUNTS_PER_BACKEND);
  const withinTable = planned.accounts <= LAST_ROW.users;

  // The seed's standard and HA setups have one active production server; anything more scales out.
  const setup: Setup =
    withinTable && !ha && allLoad <= SESSIONS_PER_BACKEND
      ? 'standard'
      : withinTable && ha && accessLoad <= SESSIONS_PER_BACKEND
        ? 'ha'
        : 'scale-out';
  const hasFrontends = setup !== 'standard';
  const backendLoad = hasFrontends ? accessLoad : allLoad;
  const bySessions = Math.ceil(backendLoad / SESSIONS_PER_BACKEND - 1e-9);
  const backendsNeeded = Math.max(1, byAccounts, bySessions);
  const frontendsNeeded = hasFrontends ? Math.max(1, Math.ceil(allLoad / SESSIONS_PER_FRONTEND - 1e-9)) : 0;
  // N+1: one server of each tier may fail or be made Non-Ready while the rest carry the load.
  const spare = ha ? 1 : 0;
  const backends = backendsNeeded + spare;
  const frontends = hasFrontends ? frontendsNeeded + spare : 0;
  // Each backend is sized for its share of accounts; session-driven extra backends only add headroom.
  const backendSpec = serverSpecFor(planned.accounts / byAccounts);
  const infra = infrastructureFor(setup, planned.accounts, backendSpec);

  const frontendEach = SESSIONS_PER_FRONTEND / sessionCost(mix, PROTOCOLS);
  const backendEach = SESSIONS_PER_BACKEND / sessionCost(mix, hasFrontends ? ACCESS_PROTOCOLS : PROTOCOLS);
  const cluster = clusterAdvice(planned.accounts, planned.largestDomainAccounts);
  const connections = interServer(accessSessions, planned.accounts, frontends, backends);
  const channels = controllerChannels(backends, frontends);

  const reasons = [
    years > 0 && growth > 0
      ? `Sized for year ${years}: ${fmt(planned.accounts)} accounts and ${fmt(planned.sessions)} sessions (${growth} % a year compounded, ×${planned.growthFactor.toFixed(2)}).`
      : 'Sized for today’s numbers (no growth applied).',
    setupReason(setup, withinTable, ha),
    `Backends: ${backendsReason(byAccounts, bySessions, spare)}`,
    hasFrontends
      ? `Frontends: ${fmt(planned.sessions)} sessions at ${fmt(frontendEach)} per frontend (${fmt(SESSIONS_PER_FRONTEND)} IMAP-equivalent) need ${frontendsNeeded}${spare ? ', plus one spare' : ''}. Clients stay connected as long as one frontend runs (CGP).`
      : 'No separate frontends: the production server accepts client connections itself.',
    `${cluster.advised ? 'Cluster advised' : 'No cluster needed'}: ${cluster.reason}`,
    `Controller PWD channels: raise the limit by ${channels.recommended} (5 × ${backends} backends + 3 × ${frontends} frontends); ${channels.minimum} is the bare minimum (2 per member).`,
    connectionsReason(connections),
  ];
  if (planned.accounts > CLUSTER_OF_CLUSTERS_ACCOUNTS) {
    reasons.push(
      `More than ${fmt(CLUSTER_OF_CLUSTERS_ACCOUNTS)} accounts: CGP suggests a Static Cluster of Dynamic Clusters instead of one very large Dynamic Cluster.`,
    );
  }
  if (frontends >= DIRECTORY_BOTTLENECK_FRONTENDS) {
    reasons.push(
      `${frontends} frontends: the Directory Server can become the bottleneck; deploy several replicated Directory Servers (CGP).`,
    );
  }

  const plan: Omit<Plan, 'tiers'> = {
    ...infra,
    input,
    planned,
    setup,
    setupLabel: SETUP_LABELS[setup],
    frontends,
    backends,
    frontendSpec: FRONTEND_SPEC,
    backendSpec,
    accountsPerBackend: planned.accounts / byAccounts,
    load: {
      frontends: hasFrontends ? planned.sessions : 0,
      backends: hasFrontends ? accessSessions : planned.sessions,
    },
    capacity: { frontendEach, backendEach, frontends: frontends * frontendEach, backends: backends * backendEach },
    clusterAdvised: cluster.advised,
    clusterReason: cluster.reason,
    controllerChannels: channels,
    interServerConnections: connections,
    reasons,
  };
  return { ...plan, tiers: buildTiers(plan) };
}

/** CGP's own threshold for a cluster (002, landscape): site size and the largest single domain. */
export function clusterAdvice(accounts: number, largestDomain: number): { advised: boolean; reason: string } {
  if (largestDomain >= CLUSTER_DOMAIN_ACCOUNTS) {
    return {
      advised: true,
      reason: `The largest domain reaches ${fmt(largestDomain)} accounts (${fmt(CLUSTER_DOMAIN_ACCOUNTS)} or more): CGP clusters such a domain so that any server can serve any of its accounts.`,
    };
  }
  if (accounts > CLUSTER_ADVISE_ACCOUNTS) {
    return {
      advised: true,
      reason: `${fmt(accounts)} accounts is above ${fmt(CLUSTER_ADVISE_ACCOUNTS)}, where CGP recommends a cluster.`,
    };
  }
  if (accounts > CLUSTER_CONSIDER_ACCOUNTS) {
    return {
      advised: true,
      reason: `${fmt(accounts)} accounts is within ${fmt(CLUSTER_CONSIDER_ACCOUNTS)}–${fmt(CLUSTER_ADVISE_ACCOUNTS)}, where CGP says to consider a cluster.`,
    };
  }
  return {
    advised: false,
    reason: `${fmt(accounts)} accounts is below ${fmt(CLUSTER_CONSIDER_ACCOUNTS)} and no domain reaches ${fmt(CLUSTER_DOMAIN_ACCOUNTS)}; independent servers with the domains spread between them will do (CGP). A fail-over setup is not a cluster in CGP’s sense.`,
  };
}

function interServer(m: number, t: number, frontends: number, backends: number): InterServerConnections {
  const n = backends;
  // At most one open account per access session, spread evenly over the backends.
  const a = Math.min(m, t) / n;
  const staticSymmetric = staticSymmetricConnections(m, n);
  const dynamicSymmetric = dynamicSymmetricConnections(m, n, a, t);
  // Pure frontend–backend: each external connection makes one frontend→backend connection (CGP 002).
  const feBe = frontends > 0;
  return {
    model: feBe ? 'frontend-backend' : 'none',
    expected: feBe ? m : 0,
    externalConnections: m,
    servers: n,
    accountsOpenPerServer: a,
    totalAccounts: t,
    staticSymmetric,
    dynamicSymmetric,
  };
}

function setupReason(setup: Setup, withinTable: boolean, ha: boolean): string {
  if (setup === 'standard') return 'Standard setup: one production server carries every account and session.';
  if (setup === 'ha') {
    return 'High availability setup: two production servers on shared storage with a Galera database cluster, so one can fail without downtime.';
  }
  return withinTable
    ? `Scale-out: the sessions exceed what one production server carries${ha ? ' behind frontends' : ' alone'}, past the seed’s standard and HA setups.`
    : `Scale-out: more than ${fmt(LAST_ROW.users)} accounts, the largest single-server row of the seed; it continues with N production servers (“IceWarp Cluster”).`;
}

function backendsReason(byAccounts: number, bySessions: number, spare: number): string {
  const parts = [`${byAccounts} for the accounts (${fmt(ACCOUNTS_PER_BACKEND)} per backend)`];
  if (bySessions > byAccounts)
    parts.push(`${bySessions} for the sessions (${fmt(SESSIONS_PER_BACKEND)} IMAP-equivalent each)`);
  if (spare) parts.push('plus one spare for high availability (N+1)');
  return `${parts.join(', ')}.`;
}

function connectionsReason(c: InterServerConnections): string {
  if (c.model === 'none') return 'Inter-server connections: none, a single server.';
  return `Inter-server connections: about ${fmt(c.expected)}, one backend connection per external access connection; the ${c.servers} backends as a symmetric cluster would need ${fmt(c.staticSymmetric)} (static, M·(N−1)/N) or ${fmt(c.dynamicSymmetric)} (dynamic, ·A/T).`;
}
