import { describe, expect, it } from 'vitest';

import { SESSIONS_PER_BACKEND, SESSIONS_PER_FRONTEND } from './assumptions';
import { planCluster } from './plan';
import { DEFAULT_SIZING_INPUT, type TSizingInput } from './schema';
import { CLUSTER_HARDWARE, SIZING_TABLE } from './sizing-table';

/** No growth, 20 % of accounts online, the default mix: the table's own conditions. */
const site = (accounts: number, over: Partial<TSizingInput> = {}): TSizingInput => ({
  ...DEFAULT_SIZING_INPUT,
  accounts,
  largestDomainAccounts: Math.floor(accounts / 2),
  sessions: Math.floor(accounts / 5),
  highAvailability: false,
  growthPercentPerYear: 0,
  horizonYears: 0,
  ...over,
});
const only = (protocol: 'imapPercent' | 'popPercent' | 'webUserPercent' | 'smtpPercent') => ({
  imapPercent: 0,
  popPercent: 0,
  webUserPercent: 0,
  smtpPercent: 0,
  [protocol]: 100,
});
const onlyImap = only('imapPercent');

describe('the seed table, reproduced at each row', () => {
  it.each(SIZING_TABLE.map((r) => [r.users, r] as const))('standard setup at %i users', (_, row) => {
    const p = planCluster(site(row.users));
    expect(p.setup).toBe('standard');
    expect(p.tableRow).toBe(row.users);
    expect(p.backends).toBe(row.standard.productionServers);
    expect(p.frontends).toBe(0);
    expect(p.backendSpec).toEqual(row.server);
    expect(p.database.servers).toBe(row.standard.databaseServers);
    expect(p.database.engine).toBe(row.standard.databaseServers === 0 ? 'embedded' : 'mysql');
    expect(p.database.spec).toEqual(row.standard.databaseServers === 0 ? null : row.server);
    expect(p.storage.servers).toBe(row.standard.storageServers);
    expect(p.storage.onProductionServer).toBe(row.standard.storageServers === 0);
    expect(p.storage.totalDisks).toBe(row.storage.disks);
    expect(p.storage.ramGb).toBe(row.storage.ramGb);
    expect(p.loadBalancers).toBe(0);
  });

  it.each(SIZING_TABLE.map((r) => [r.users, r] as const))('HA setup at %i users', (_, row) => {
    const p = planCluster(site(row.users, { highAvailability: true }));
    expect(p.setup).toBe('ha');
    expect(p.tableRow).toBe(row.users);
    expect(p.backends).toBe(row.ha.productionServers);
    expect(p.backendSpec).toEqual(row.server);
    expect(p.database).toEqual({
      engine: 'galera',
      servers: row.ha.galeraServers,
      spec: row.server,
      virtualizable: row.ha.galeraVirtualizable,
      loadBalancers: row.ha.dbLoadBalancers,
      loadBalancersVirtual: row.ha.dbLoadBalancersVirtual,
    });
    expect(p.storage.servers).toBe(row.ha.storageServers);
    expect(p.storage.backupServers).toBe(1);
    expect(p.storage.backupOptional).toBe(true);
    expect(p.storage.disksPerServer).toBe(row.storage.disks);
    expect(p.storage.ramGb).toBe(row.storage.ramGb);
    expect(p.network.includes('10GbE')).toBe(row.ha.network10GbE);
    expect(p.loadBalancers).toBe(2);
  });
});

describe('between and beyond the rows', () => {
  const sweep = [1, 500, 1000, 2500, 5000, 7500, 10_000, 12_000, 15_000, 20_000, 25_000, 25_001, 40_000, 50_001];
  const more = [75_000, 100_000, 150_000, 250_000, 500_000, 1_000_000, 2_000_000, 5_000_000];

  it.each([false, true])('never shrinks as accounts grow (HA %s)', (ha) => {
    let prev = planCluster(site(1, { highAvailability: ha }));
    for (const accounts of [...sweep, ...more]) {
      const p = planCluster(site(accounts, { highAvailability: ha }));
      expect(p.backends).toBeGreaterThanOrEqual(prev.backends);
      expect(p.frontends).toBeGreaterThanOrEqual(prev.frontends);
      expect(p.backends * p.backendSpec.ramGb).toBeGreaterThanOrEqual(prev.backends * prev.backendSpec.ramGb);
      expect(p.backends * p.backendSpec.cores).toBeGreaterThanOrEqual(prev.backends * prev.backendSpec.cores);
      expect(p.storage.totalDisks).toBeGreaterThanOrEqual(prev.storage.totalDisks);
      expect(p.capacity.backends).toBeGreaterThanOrEqual(p.load.backends);
      expect(p.capacity.frontends).toBeGreaterThanOrEqual(p.load.frontends);
      prev = p;
    }
  });

  it('scales out past 25,000 accounts with the seed’s cluster line', () => {
    const p = planCluster(site(100_000));
    expect(p.setup).toBe('scale-out');
    expect(p.tableRow).toBeNull();
    expect(p.backends).toBe(4);
    expect(p.backendSpec).toEqual({ ramGb: 64, cores: 8 });
    expect(p.frontends).toBeGreaterThanOrEqual(1);
    expect(p.database.servers).toBe(3);
    expect(p.database.spec).toEqual({ ramGb: CLUSTER_HARDWARE.galera.ramGb, cores: CLUSTER_HARDWARE.galera.cores });
    // 63 disks fill two of the seed's 36-disk storage chassis: two replicated pairs, two backups.
    expect(p.storage).toMatchObject({ servers: 4, backupServers: 2, totalDisks: 63, disksPerServer: 32 });
    expect([p.controlServers, p.managementUnits, p.switches10GbE]).toEqual([2, 1, 2]);
    expect(p.clusterAdvised).toBe(false);
  });

  it('sizes one million accounts as 40 backends, more storage pairs, and a cluster', () => {
    const p = planCluster(site(1_000_000, { largestDomainAccounts: 0 }));
    expect(p.backends).toBe(40);
    expect(p.backendSpec).toEqual({ ramGb: 64, cores: 8 });
    expect(p.storage.totalDisks).toBe(513);
    expect(p.storage.servers).toBe(2 * Math.ceil(513 / 36));
    expect(p.storage.disksPerServer).toBeLessThanOrEqual(36);
    expect(p.clusterAdvised).toBe(true);
    expect(p.clusterReason).toContain('above 200,000');
  });

  it('spreads just-over-a-server sites evenly, each backend sized for its share', () => {
    const p = planCluster(site(30_000));
    expect(p.backends).toBe(2);
    expect(p.accountsPerBackend).toBe(15_000);
    expect(p.backendSpec).toEqual({ ramGb: 64, cores: 6 });
  });

  it('suggests a Static Cluster of Dynamic Clusters above 5,000,000 accounts', () => {
    expect(planCluster(site(5_000_000)).reasons.join(' ')).not.toContain('Static Cluster of Dynamic Clusters');
    expect(planCluster(site(5_000_001)).reasons.join(' ')).toContain('Static Cluster of Dynamic Clusters');
  });
});

describe('when CGP advises a cluster', () => {
  it.each([
    [150_000, 0, false],
    [150_001, 0, true],
    [200_000, 0, true],
    [200_001, 0, true],
    [120_000, 99_999, false],
    [100_000, 100_000, true],
  ])('%i accounts, largest domain %i → %s', (accounts, domain, advised) => {
    const p = planCluster(site(accounts, { largestDomainAccounts: domain }));
    expect(p.clusterAdvised).toBe(advised);
    expect(p.clusterReason.length).toBeGreaterThan(20);
  });

  it('says why', () => {
    expect(planCluster(site(160_000, { largestDomainAccounts: 0 })).clusterReason).toContain('150,000–200,000');
    expect(planCluster(site(120_000, { largestDomainAccounts: 100_000 })).clusterReason).toContain(
      'largest domain reaches 100,000',
    );
    expect(planCluster(site(20_000)).clusterReason).toMatch(/^20,000 accounts is below 150,000/);
    expect(planCluster(site(20_000)).reasons).toContainEqual(expect.stringMatching(/^No cluster needed: 20,000/));
    expect(planCluster(site(300_000, { largestDomainAccounts: 0 })).reasons).toContainEqual(
      expect.stringMatching(/^Cluster advised: 300,000/),
    );
  });

  it('judges the sizes at the end of the horizon', () => {
    const today = site(140_000, { largestDomainAccounts: 90_000 });
    expect(planCluster(today).clusterAdvised).toBe(false);
    expect(planCluster({ ...today, growthPercentPerYear: 5, horizonYears: 3 }).clusterAdvised).toBe(true);
  });
});

describe('growth', () => {
  it('sizes for the inputs compounded over the horizon', () => {
    const p = planCluster({ ...DEFAULT_SIZING_INPUT, growthPercentPerYear: 10, horizonYears: 3 });
    expect(p.planned).toMatchObject({ accounts: 26_620, sessions: 7986, largestDomainAccounts: 15_972, years: 3 });
    expect(p.reasons[0]).toContain('year 3');
  });

  it('can push a site past the table into a scale-out', () => {
    const base = site(24_000, { highAvailability: true });
    expect(planCluster(base).setup).toBe('ha');
    const grown = planCluster({ ...base, growthPercentPerYear: 5, horizonYears: 1 });
    expect(grown.planned.accounts).toBe(25_200);
    expect(grown.setup).toBe('scale-out');
    expect(grown.backends).toBe(3);
  });
});

describe('high availability', () => {
  it.each([1, 1000, 8000, 25_000, 60_000, 1_000_000])('keeps at least two of every tier at %i accounts', (n) => {
    const p = planCluster(site(n, { highAvailability: true, sessions: 0 }));
    expect(p.frontends).toBeGreaterThanOrEqual(2);
    expect(p.backends).toBeGreaterThanOrEqual(2);
    expect(p.database.servers).toBeGreaterThanOrEqual(3);
    expect(p.database.loadBalancers).toBeGreaterThanOrEqual(2);
    expect(p.loadBalancers).toBeGreaterThanOrEqual(2);
    expect(p.storage.servers).toBeGreaterThanOrEqual(2);
  });

  it('adds one spare to what the load needs (N+1)', () => {
    expect(planCluster(site(100_000)).backends).toBe(4);
    expect(planCluster(site(100_000, { highAvailability: true })).backends).toBe(5);
  });
});

describe('session mix and per-server capacity', () => {
  const busy = (mix: Partial<TSizingInput>, ha = false) =>
    planCluster(site(20_000, { sessions: 18_000, highAvailability: ha, ...mix }));

  it('states the capacity assumptions', () => {
    expect(SESSIONS_PER_BACKEND).toBe(7500);
    expect(SESSIONS_PER_FRONTEND).toBe(15_000);
  });

  it('keeps a light load on one server and scales out a heavy one', () => {
    expect(planCluster(site(20_000, { sessions: 7500, ...onlyImap })).setup).toBe('standard');
    expect(planCluster(site(20_000, { sessions: 7501, ...onlyImap })).setup).toBe('scale-out');
  });

  it('counts frontends and backends from the weighted sessions', () => {
    // 18,000 IMAP: 2 frontends (15,000 each), 3 backends (7,500 each).
    expect([busy(onlyImap).frontends, busy(onlyImap).backends]).toEqual([2, 3]);
    // WebUser weighs 1.5: 27,000 units → 2 frontends, 4 backends.
    const web = busy(only('webUserPercent'));
    expect([web.frontends, web.backends]).toEqual([2, 4]);
    // SMTP ends on the frontends (weight 2: 36,000 units → 3); the accounts still need one backend.
    const smtp = busy(only('smtpPercent'));
    expect([smtp.frontends, smtp.backends]).toEqual([3, 1]);
    expect(smtp.load.backends).toBe(0);
    // HA adds a spare to each.
    expect([busy(onlyImap, true).frontends, busy(onlyImap, true).backends]).toEqual([3, 4]);
  });

  it('reports capacity in real sessions of the mix', () => {
    const p = busy(only('webUserPercent'));
    expect(p.capacity.frontendEach).toBe(10_000);
    expect(p.capacity.backendEach).toBe(5000);
    expect(p.capacity.backends).toBe(20_000);
  });
});

describe('controller channels and inter-server connections in the plan', () => {
  it('follows the recommended counts', () => {
    const p = planCluster(site(20_000, { sessions: 18_000, ...onlyImap }));
    expect(p.controllerChannels).toEqual({ recommended: 5 * 3 + 3 * 2, minimum: 2 * 5 });
    expect(p.reasons.join(' ')).toContain('raise the limit by 21');
  });

  it('expects one backend connection per access session behind frontends', () => {
    const p = planCluster(site(20_000, { sessions: 18_000, ...onlyImap }));
    const c = p.interServerConnections;
    expect(c.model).toBe('frontend-backend');
    expect(c.expected).toBe(18_000);
    expect(c.staticSymmetric).toBe(12_000); // 18,000 · 2/3
    // A = 18,000 / 3 open accounts per server, T = 20,000: 12,000 · 6,000 / 20,000.
    expect(c.dynamicSymmetric).toBeCloseTo(3600, 6);
  });

  it('has none on a single server', () => {
    const c = planCluster(site(5000)).interServerConnections;
    expect(c.model).toBe('none');
    expect(c.expected).toBe(0);
  });

  it('gives every tier a reason', () => {
    const p = planCluster(DEFAULT_SIZING_INPUT);
    expect(p.tiers.map((t) => t.id)).toEqual([
      'frontend',
      'backend',
      'database',
      'db-load-balancer',
      'load-balancer',
      'storage',
      'backup-storage',
      'control-server',
      'management-unit',
      'switch',
    ]);
    for (const t of p.tiers) expect(t.reason.length).toBeGreaterThan(20);
    expect(p.reasons.length).toBeGreaterThanOrEqual(6);
  });

  it('refuses invalid input', () => {
    expect(() => planCluster({ ...DEFAULT_SIZING_INPUT, imapPercent: 0 })).toThrow();
  });
});
