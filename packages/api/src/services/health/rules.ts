// What counts as a problem: pure functions from one snapshot of what the collector, reconciler, upgrade
// worker and port checks stored to the conditions that hold right now. The store opens, updates and
// closes findings from them; nothing here touches the database.
import type { Condition, NodeSnapshot, Snapshot, Subject } from './types';

const nodeSubject = (n: NodeSnapshot): Subject => ({ type: 'node', id: n.id, name: n.name });
const nodeLink = (n: NodeSnapshot) => ({ label: `Node ${n.name}`, href: `/nodes/${n.id}` });
const live = (n: NodeSnapshot) => n.state !== 'down' && n.state !== 'unknown';
const names = (ns: NodeSnapshot[]) => ns.map((n) => n.name).join(', ');
const CLUSTER: Subject = { type: 'cluster', id: 'cluster', name: 'cluster' };

/**
 * A backend outside the Controller role that sees no live Controller among its peers, while another
 * backend holds the role: it would elect its own (names are not compared: agents may be registered
 * under other names than they call themselves).
 */
const seesNoController = (n: NodeSnapshot) =>
  n.clusterRole !== 'controller' && !n.peers.some((p) => p.alive && p.clusterRole === 'controller');

function splitBrain(s: Snapshot): Condition[] {
  const backends = s.nodes.filter((n) => live(n) && n.role === 'BACKEND' && n.clusterRole && n.clusterRole !== 'none');
  const controllers = backends.filter((n) => n.clusterRole === 'controller');
  const blind = controllers.length === 1 ? backends.filter(seesNoController) : [];
  if (controllers.length < 2 && blind.length === 0) return [];
  const base = {
    key: 'split_brain:cluster',
    kind: 'split_brain' as const,
    severity: 'critical' as const,
    domainId: null,
    suggestedAction:
      'Check the --peers list and the inter-server port of each named backend; remove or fix the one that ' +
      'should not lead, then confirm a single Controller remains.',
  };
  if (controllers.length >= 2) {
    return [
      {
        ...base,
        subjects: controllers.map(nodeSubject),
        summary: `Split brain: ${controllers.length} Controllers (${names(controllers)})`,
        explanation:
          `${names(controllers)} each claim to be the cluster Controller. Each places new sessions on its own, ` +
          'so accounts can be opened on two backends at once. Usually a backend was started without --peers ' +
          'or cannot reach the others.',
        links: [...controllers.map(nodeLink), { label: 'Port check', href: '/ports' }],
      },
    ];
  }
  // One node holds the role but others do not see it (a partition): held a few seconds, since a
  // failover passes through such views.
  const involved = [...controllers, ...blind];
  return [
    {
      ...base,
      subjects: involved.map(nodeSubject),
      summary: 'Split brain: backends disagree on the Controller',
      explanation:
        `${names(controllers)} is the Controller, but ${names(blind)} ${blind.length === 1 ? 'sees' : 'see'} ` +
        'no live Controller among its peers and may elect another.',
      links: [...involved.map(nodeLink), { label: 'Port check', href: '/ports' }],
      holdMs: 5000,
    },
  ];
}

function noBackup(s: Snapshot): Condition[] {
  // Only backends that take part in the election (a Dovecot backend reports 'none').
  const electing = s.nodes.filter((n) => live(n) && n.role === 'BACKEND' && n.clusterRole && n.clusterRole !== 'none');
  if (electing.length === 0 || electing.some((n) => n.clusterRole === 'backup')) return [];
  return [
    {
      key: 'no_backup:cluster',
      kind: 'no_backup',
      severity: 'warning',
      subjects: [CLUSTER],
      domainId: null,
      summary: 'No Backup Controller',
      explanation:
        'No live backend is the Backup Controller. If the Controller fails, nobody takes over its role ' +
        'at once and new sessions cannot be placed until a new election finishes.',
      suggestedAction: 'Bring a second backend up (or back Ready) so it can become the Backup.',
      links: [{ label: 'Nodes', href: '/nodes' }],
      holdMs: 5000,
    },
  ];
}

function nodeDown(s: Snapshot): Condition[] {
  return s.nodes
    .filter((n) => n.state === 'down')
    .map((n) => ({
      key: `node_down:${n.id}`,
      kind: 'node_down' as const,
      severity: n.role === 'BACKEND' ? ('critical' as const) : ('warning' as const),
      subjects: [nodeSubject(n)],
      domainId: null,
      summary: `Node ${n.name} is Down`,
      explanation:
        `The console has not heard from ${n.name} (${n.role.toLowerCase()}) since ` +
        `${n.lastSeenAt ? n.lastSeenAt.toISOString() : 'it was registered'}. Its sessions and listeners are unknown.`,
      suggestedAction: 'Check that the agent and its host are running and that the admin port is reachable.',
      links: [nodeLink(n), { label: 'Port check', href: '/ports' }],
    }));
}

function flapping(s: Snapshot): Condition[] {
  const { flapCount, flapWindowMinutes } = s.thresholds;
  const from = s.now - flapWindowMinutes * 60_000;
  return s.nodes.flatMap((n) => {
    const downs = (s.downTransitions.get(n.id) ?? []).filter((t) => t >= from).length;
    if (downs < flapCount) return [];
    return [
      {
        key: `node_flapping:${n.id}`,
        kind: 'node_flapping' as const,
        severity: 'warning' as const,
        subjects: [nodeSubject(n)],
        domainId: null,
        summary: `Node ${n.name} is flapping`,
        explanation: `${n.name} went Down ${downs} times in the last ${flapWindowMinutes} minutes.`,
        suggestedAction: 'Look for crashes (supervisor restarts), an overloaded host or an unstable network path.',
        links: [nodeLink(n)],
      },
    ];
  });
}

function mixedVersions(s: Snapshot): Condition[] {
  const running = s.nodes.filter((n) => live(n) && n.softwareVersion);
  const versions = [...new Set(running.map((n) => n.softwareVersion!))].sort();
  if (versions.length < 2) return [];
  const byVersion = versions.map((v) => `${v}: ${names(running.filter((n) => n.softwareVersion === v))}`);
  const base = {
    key: 'mixed_versions:cluster',
    kind: 'mixed_versions' as const,
    subjects: running.map(nodeSubject),
    domainId: null,
    summary: `Mixed versions: ${versions.join(', ')}`,
  };
  const u = s.upgrade;
  if (u) {
    // During an upgrade mixed versions are expected, within the release's window only.
    if (u.maxMixedHours === null || !u.startedAt) return [];
    const over = s.now - u.startedAt.getTime() - u.maxMixedHours * 3_600_000;
    if (over <= 0) return [];
    return [
      {
        ...base,
        severity: 'critical',
        explanation:
          `The upgrade to ${u.targetVersion} has run longer than the release's ${u.maxMixedHours} h mixed-versions ` +
          `window. Running now: ${byVersion.join('; ')}.`,
        suggestedAction: 'Finish the upgrade or roll back the upgraded nodes.',
        links: [{ label: 'Upgrade', href: `/upgrades/${u.id}` }],
      },
    ];
  }
  return [
    {
      ...base,
      severity: 'warning',
      explanation: `Nodes run different software versions outside an upgrade: ${byVersion.join('; ')}.`,
      suggestedAction: 'Start a rolling upgrade to bring every node to the same version.',
      links: [{ label: 'Upgrades', href: '/upgrades' }],
      holdMs: s.thresholds.mixedVersionsGraceMinutes * 60_000,
    },
  ];
}

function drainOverdue(s: Snapshot): Condition[] {
  const out: Condition[] = [];
  for (const n of s.nodes) {
    if (!n.drainDeadline || n.drainDeadline.getTime() > s.now || n.readiness !== 'draining') continue;
    out.push({
      key: `drain_overdue:${n.id}`,
      kind: 'drain_overdue',
      severity: 'warning',
      subjects: [nodeSubject(n)],
      domainId: null,
      summary: `Drain of ${n.name} is past its deadline`,
      explanation: `${n.name} is still draining; its deadline was ${n.drainDeadline.toISOString()}.`,
      suggestedAction: 'End the remaining sessions on the node page, or make it Ready again.',
      links: [nodeLink(n)],
    });
  }
  const u = s.upgrade;
  for (const d of u?.draining ?? []) {
    const deadline = d.since.getTime() + u!.drainDeadlineSeconds * 1000;
    if (deadline > s.now || out.some((c) => c.key === `drain_overdue:${d.nodeId}`)) continue;
    out.push({
      key: `drain_overdue:${d.nodeId}`,
      kind: 'drain_overdue',
      severity: 'warning',
      subjects: [{ type: 'node', id: d.nodeId, name: d.nodeName }],
      domainId: null,
      summary: `Upgrade drain of ${d.nodeName} is past its deadline`,
      explanation: `The upgrade has waited for ${d.nodeName} to drain longer than its ${u!.drainDeadlineSeconds} s deadline.`,
      suggestedAction: 'Decide on the upgrade page: keep waiting, end the sessions, or abort.',
      links: [{ label: 'Upgrade', href: `/upgrades/${u!.id}` }],
    });
  }
  return out;
}

function configLagging(s: Snapshot): Condition[] {
  return s.nodes
    .filter((n) => live(n) && n.configRevision < s.desiredRevision)
    .map((n) => ({
      key: `config_lagging:${n.id}`,
      kind: 'config_lagging' as const,
      severity: 'warning' as const,
      subjects: [nodeSubject(n)],
      domainId: null,
      summary: `Configuration lagging on ${n.name}`,
      explanation:
        `${n.name} has applied revision ${n.configRevision} but the cluster is at ${s.desiredRevision}, for longer ` +
        `than ${s.thresholds.configLagSeconds} s. Accounts and settings changed since then are not in force there.`,
      suggestedAction: "See the node's configuration error on the settings page; fix it or the node's mail server.",
      links: [nodeLink(n), { label: 'Settings', href: '/settings' }],
      holdMs: s.thresholds.configLagSeconds * 1000,
    }));
}

function portCheck(s: Snapshot): Condition[] {
  const r = s.lastPortCheck;
  if (!r || r.failed === 0) return [];
  return [
    {
      key: 'port_check_failed:cluster',
      kind: 'port_check_failed',
      severity: 'warning',
      subjects: [CLUSTER],
      domainId: null,
      summary: `Port check: ${r.failed} connection${r.failed === 1 ? '' : 's'} failed`,
      explanation: `The last required-ports check (${r.finishedAt.toISOString()}) failed: ${r.failures.join('; ')}.`,
      suggestedAction: 'Open the failing ports in the firewall (export the table for the firewall team), then re-run.',
      links: [{ label: 'Required ports', href: '/ports' }],
    },
  ];
}

function resources(s: Snapshot): Condition[] {
  const t = s.thresholds;
  return s.nodes.filter(live).flatMap((n) => {
    const mem = n.memTotalBytes > 0 ? (n.memUsedBytes / n.memTotalBytes) * 100 : 0;
    const checks: Array<[string, number | null, number]> = [
      ['cpu', n.cpuPercent, t.cpuPercent],
      ['memory', mem, t.memoryPercent],
      ['disk', n.diskPercent, t.diskPercent],
    ];
    return checks
      .filter(([, v, max]) => v !== null && v > max)
      .map(([what, v, max]) => ({
        key: `resource_high:${n.id}:${what}`,
        kind: 'resource_high' as const,
        severity: 'warning' as const,
        subjects: [nodeSubject(n)],
        domainId: null,
        summary: `High ${what} on ${n.name}`,
        explanation: `${n.name} has used ${Math.round(v!)} % ${what} (threshold ${max} %) for at least ${t.resourceSustainSeconds} s.`,
        suggestedAction: 'Move load away (make it Non-Ready), add capacity, or look for a runaway process.',
        links: [nodeLink(n), { label: 'Health thresholds', href: '/health' }],
        holdMs: t.resourceSustainSeconds * 1000,
      }));
  });
}

function clockSkew(s: Snapshot): Condition[] {
  const max = s.thresholds.clockSkewSeconds * 1000;
  return s.nodes.filter(live).flatMap((n) => {
    if (!n.observedAt || !n.lastSeenAt) return [];
    const skew = n.lastSeenAt.getTime() - n.observedAt.getTime();
    if (Math.abs(skew) <= max) return [];
    return [
      {
        key: `clock_skew:${n.id}`,
        kind: 'clock_skew' as const,
        severity: 'warning' as const,
        subjects: [nodeSubject(n)],
        domainId: null,
        summary: `Clock skew on ${n.name}`,
        explanation: `${n.name}'s clock is ${Math.round(Math.abs(skew) / 1000)} s ${skew > 0 ? 'behind' : 'ahead of'} the console's.`,
        suggestedAction: 'Run NTP (chrony or systemd-timesyncd) on the node and check its time zone settings.',
        links: [nodeLink(n)],
      },
    ];
  });
}

function certExpiry(s: Snapshot): Condition[] {
  const within = s.thresholds.certExpiryDays * 86_400_000;
  return s.nodes.flatMap((n) => {
    if (!n.certNotAfter || n.certNotAfter.getTime() - s.now > within) return [];
    const expired = n.certNotAfter.getTime() <= s.now;
    return [
      {
        key: `cert_expiry:${n.id}`,
        kind: 'cert_expiry' as const,
        severity: expired ? ('critical' as const) : ('warning' as const),
        subjects: [nodeSubject(n)],
        domainId: null,
        summary: `Agent certificate of ${n.name} ${expired ? 'has expired' : 'expires soon'}`,
        explanation: `The TLS certificate of ${n.name}'s agent is valid until ${n.certNotAfter.toISOString()}.`,
        suggestedAction: 'Install a new certificate on the node, then accept its fingerprint on the node page.',
        links: [nodeLink(n)],
      },
    ];
  });
}

/** Every condition that holds in this snapshot. Without a live collector nothing current is known. */
export function evaluate(s: Snapshot): Condition[] {
  if (!s.collectorAlive) return [];
  return [
    ...splitBrain(s),
    ...noBackup(s),
    ...nodeDown(s),
    ...flapping(s),
    ...mixedVersions(s),
    ...drainOverdue(s),
    ...configLagging(s),
    ...portCheck(s),
    ...resources(s),
    ...clockSkew(s),
    ...certExpiry(s),
  ];
}
