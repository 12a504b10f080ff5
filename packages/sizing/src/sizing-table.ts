/**
 * IceWarp's "SERVER SIZING OPTIONS" table and "HW CONFIGURATION EXAMPLE"
 * (shared/seeds/003_0f542f130510a31d.txt), transcribed row by row. Nothing here is derived: every
 * number is printed in the seed. The seed gives the storage size as "less HDD (e.g. N)"; it is read
 * here as the example number of disks in one storage server.
 */

export interface ServerSpec {
  ramGb: number;
  cores: number;
}

export interface SizingRow {
  users: number;
  standard: {
    productionServers: number;
    /** Separate MySQL servers; 0 = the database runs on the production server. */
    databaseServers: number;
    /** Separate storage servers; 0 = the mail store is on the production server. */
    storageServers: number;
  };
  ha: {
    productionServers: number;
    galeraServers: number;
    /** The load balancers listed with Galera: the database load balancers (ProxySQL / MaxScale). */
    dbLoadBalancers: number;
    /** "2x VM load balancer" in the smaller rows, "2x load balancer" at 25,000. */
    dbLoadBalancersVirtual: boolean;
    /** "Note: Galera can be virtualized" (only the 1,000–10,000 rows say so). */
    galeraVirtualizable: boolean;
    storageServers: number;
    /** "(optionally Backup storage server)". */
    backupStorageOptional: boolean;
    /** "10GbE network" (from 10,000 users). */
    network10GbE: boolean;
  };
  /** "Production + SQL servers: NN GB RAM, N core CPUs". */
  server: ServerSpec;
  /** "Storage: less HDD (e.g. N), NN GB RAM". */
  storage: { disks: number; ramGb: number };
}

const HA_BASE = {
  productionServers: 2,
  galeraServers: 3,
  dbLoadBalancers: 2,
  storageServers: 2,
  backupStorageOptional: true,
} as const;

export const SIZING_TABLE: readonly SizingRow[] = [
  {
    users: 1000,
    // "1x Production server (IceWarp, Database, Storage on the same server)"
    standard: { productionServers: 1, databaseServers: 0, storageServers: 0 },
    ha: { ...HA_BASE, dbLoadBalancersVirtual: true, galeraVirtualizable: true, network10GbE: false },
    server: { ramGb: 16, cores: 4 },
    storage: { disks: 5, ramGb: 32 },
  },
  {
    users: 5000,
    // "1x Production server (IceWarp, Storage) 1x MySQL server (Database)"
    standard: { productionServers: 1, databaseServers: 1, storageServers: 0 },
    ha: { ...HA_BASE, dbLoadBalancersVirtual: true, galeraVirtualizable: true, network10GbE: false },
    server: { ramGb: 32, cores: 4 },
    storage: { disks: 10, ramGb: 64 },
  },
  {
    users: 10000,
    standard: { productionServers: 1, databaseServers: 1, storageServers: 0 },
    ha: { ...HA_BASE, dbLoadBalancersVirtual: true, galeraVirtualizable: true, network10GbE: true },
    server: { ramGb: 64, cores: 6 },
    storage: { disks: 15, ramGb: 128 },
  },
  {
    users: 15000,
    standard: { productionServers: 1, databaseServers: 1, storageServers: 0 },
    ha: { ...HA_BASE, dbLoadBalancersVirtual: true, galeraVirtualizable: false, network10GbE: true },
    server: { ramGb: 64, cores: 6 },
    storage: { disks: 20, ramGb: 128 },
  },
  {
    users: 25000,
    // "1x Production server (IceWarp) 1x MySQL server (Database) 1x Storage server"
    standard: { productionServers: 1, databaseServers: 1, storageServers: 1 },
    ha: { ...HA_BASE, dbLoadBalancersVirtual: false, galeraVirtualizable: false, network10GbE: true },
    server: { ramGb: 64, cores: 8 },
    storage: { disks: 25, ramGb: 128 },
  },
];

/**
 * The table's last line, "IceWarp Cluster": Nx production servers, 3x Galera + 2x load balancer,
 * 2x storage, 1x backup storage, 2x control server, 1x management unit, 2x 10GbE switch.
 */
export const ICEWARP_CLUSTER = {
  galeraServers: 3,
  dbLoadBalancers: 2,
  storageServers: 2,
  backupStorageServers: 1,
  controlServers: 2,
  managementUnits: 1,
  switches10GbE: 2,
} as const;

/**
 * The seed's hardware example for those cluster machines (cores = sockets × cores per CPU;
 * RAM = DIMMs × size): Galera 2× 16-core, 16× 32 GB; storage 2× 6-core, 8× 32 GB, 36 data disks;
 * control server 1× 6-core, 4× 16 GB.
 */
export const CLUSTER_HARDWARE = {
  galera: { cores: 32, ramGb: 512 },
  storage: { cores: 12, ramGb: 256, disks: 36 },
  control: { cores: 6, ramGb: 64 },
} as const;

export const LAST_ROW = SIZING_TABLE[SIZING_TABLE.length - 1] as SizingRow;
export const FIRST_ROW = SIZING_TABLE[0] as SizingRow;

/** The smallest row that covers `users` (its topology applies); undefined beyond the table. */
export function coveringRow(users: number): SizingRow | undefined {
  return SIZING_TABLE.find((r) => r.users >= users);
}

/**
 * A row value at any user count: linear between the two neighbouring rows, the first row's value
 * below the table, and beyond it either the last value ('clamp') or the last segment's slope ('extend').
 */
export function interpolate(users: number, pick: (row: SizingRow) => number, beyond: 'clamp' | 'extend'): number {
  if (users <= FIRST_ROW.users) return pick(FIRST_ROW);
  for (let i = 1; i < SIZING_TABLE.length; i++) {
    const lo = SIZING_TABLE[i - 1] as SizingRow;
    const hi = SIZING_TABLE[i] as SizingRow;
    if (users <= hi.users) return pick(lo) + ((pick(hi) - pick(lo)) * (users - lo.users)) / (hi.users - lo.users);
  }
  if (beyond === 'clamp') return pick(LAST_ROW);
  const prev = SIZING_TABLE[SIZING_TABLE.length - 2] as SizingRow;
  const slope = (pick(LAST_ROW) - pick(prev)) / (LAST_ROW.users - prev.users);
  return pick(LAST_ROW) + slope * (users - LAST_ROW.users);
}

/** Rounds up to whole hardware units; the epsilon keeps 6.0000000001 from becoming the next step. */
export function roundUpTo(value: number, step: number): number {
  return Math.ceil(value / step - 1e-9) * step;
}

/**
 * Production (backend) and SQL server spec for one server serving `users` accounts: RAM in 16 GB
 * steps, cores in pairs. Every table value is already on those steps, so each row comes back exactly
 * and interpolated values stay between their neighbours.
 */
export function serverSpecFor(users: number): ServerSpec {
  return {
    ramGb: roundUpTo(
      interpolate(users, (r) => r.server.ramGb, 'clamp'),
      16,
    ),
    cores: roundUpTo(
      interpolate(users, (r) => r.server.cores, 'clamp'),
      2,
    ),
  };
}

/** Storage for `users` accounts: disks follow the last segment's slope beyond the table (mail grows with users). */
export function storageFor(users: number): { disks: number; ramGb: number } {
  return {
    disks: roundUpTo(
      interpolate(users, (r) => r.storage.disks, 'extend'),
      1,
    ),
    ramGb: roundUpTo(
      interpolate(users, (r) => r.storage.ramGb, 'clamp'),
      16,
    ),
  };
}
