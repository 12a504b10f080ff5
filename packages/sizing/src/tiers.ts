/** The plan as rows of a topology table: what to buy, how many, and why. */
import { SESSIONS_PER_FRONTEND } from './assumptions';
import { fmt } from './format';
import type { Plan, Tier } from './plan-types';
import { CLUSTER_HARDWARE } from './sizing-table';

export function buildTiers(p: Omit<Plan, 'tiers'>): Tier[] {
  const tiers: Tier[] = [];
  if (p.frontends > 0) {
    tiers.push({
      id: 'frontend',
      label: 'Frontend',
      count: p.frontends,
      spec: p.frontendSpec,
      note: null,
      reason: `Accept client IMAP, POP, SMTP and WebUser connections and relay them to backends; no account data, so the smallest production spec, sized by sessions (${fmt(p.capacity.frontendEach)} of this mix each, ${fmt(SESSIONS_PER_FRONTEND)} IMAP-equivalent).`,
    });
  }
  tiers.push({
    id: 'backend',
    label: p.setup === 'standard' ? 'Production server' : 'Backend (production server)',
    count: p.backends,
    spec: p.backendSpec,
    note: null,
    reason: `Seed’s “Production + SQL servers” row for ${fmt(p.accountsPerBackend)} accounts per server; ${fmt(p.capacity.backendEach)} sessions of this mix each.`,
  });

  const db = p.database;
  tiers.push({
    id: 'database',
    label: db.engine === 'galera' ? 'Galera MySQL node' : 'MySQL server',
    count: db.servers,
    spec: db.spec,
    note: db.virtualizable ? 'virtualizable' : null,
    reason:
      db.engine === 'embedded'
        ? 'Runs on the production server (seed, 1,000-user standard setup).'
        : db.engine === 'mysql'
          ? 'One separate MySQL server (seed standard setup); same spec as the production server.'
          : `${db.servers}-node Galera (Percona XtraDB Cluster or MariaDB): 3 or 5 nodes on one site, 2 or 4 plus garbd across sites; an optional DR replica needs half a node’s spec. PostgreSQL with two streaming replicas is the equivalent elsewhere.`,
  });
  if (db.loadBalancers > 0) {
    tiers.push({
      id: 'db-load-balancer',
      label: 'Database load balancer',
      count: db.loadBalancers,
      spec: null,
      note: db.loadBalancersVirtual ? 'virtual machine' : null,
      reason:
        'ProxySQL or MariaDB MaxScale: one address for the servers, forwarding to the Galera nodes; two avoid a single point of failure.',
    });
  }
  if (p.loadBalancers > 0) {
    tiers.push({
      id: 'load-balancer',
      label: 'Client load balancer',
      count: p.loadBalancers,
      spec: null,
      note: null,
      reason: `In front of the ${p.frontends > 0 ? 'frontends' : 'servers'} (e.g. Keepalived); must support route and NAT for SMTP, and stop sending to a frontend made Non-Ready.`,
    });
  }

  const st = p.storage;
  tiers.push({
    id: 'storage',
    label: 'Storage server',
    count: st.servers,
    spec: st.onProductionServer ? null : { ramGb: st.ramGb, cores: st.cores, disks: st.disksPerServer },
    note: null,
    reason: st.onProductionServer
      ? `Mail store on the production server’s own disks (about ${st.totalDisks}).`
      : p.setup === 'scale-out'
        ? `${st.totalDisks} disks in all (the table’s last slope continued) in ${st.servers / 2} replicated pair(s) of at most ${CLUSTER_HARDWARE.storage.disks} disks, the seed’s storage chassis; NFS4 over a dedicated ≥10 Gb/s link.`
        : st.servers > 1
          ? `${st.totalDisks} disks each, replicated (ZFS snapshots / zrepl); NFS4 over a dedicated ≥10 Gb/s link to every server.`
          : 'One separate storage server (seed, 25,000-user standard setup).',
  });
  if (st.backupServers > 0) {
    tiers.push({
      id: 'backup-storage',
      label: 'Backup storage server',
      count: st.backupServers,
      spec: { ramGb: st.ramGb, cores: st.cores, disks: st.disksPerServer },
      note: st.backupOptional ? 'optional' : null,
      reason: 'Receives the storage replication; the seed’s hardware example is the storage server without its SSDs.',
    });
  }
  if (p.controlServers > 0) {
    tiers.push(
      {
        id: 'control-server',
        label: 'Control server',
        count: p.controlServers,
        spec: { ...CLUSTER_HARDWARE.control },
        note: null,
        reason: 'Listed in the seed’s IceWarp Cluster line; spec from its hardware example.',
      },
      {
        id: 'management-unit',
        label: 'Management unit',
        count: p.managementUnits,
        spec: null,
        note: null,
        reason: 'Router for the management network (seed: MikroTik RouterBOARD).',
      },
      {
        id: 'switch',
        label: '10GbE switch',
        count: p.switches10GbE,
        spec: null,
        note: null,
        reason: 'Two, so the storage and inter-server network has no single point of failure.',
      },
    );
  }
  return tiers;
}
