/** The shared infrastructure of each setup (database, load balancers, storage, network), from seed 003. */
import {
  CLUSTER_HARDWARE,
  coveringRow,
  ICEWARP_CLUSTER,
  LAST_ROW,
  storageFor,
  type ServerSpec,
  type SizingRow,
} from './sizing-table';

/**
 * standard: the seed's "Standard setup" column (one production server).
 * ha: its "High Availability Setup" column (two production servers, Galera, load balancers, storage).
 * scale-out: its "IceWarp Cluster" line (N production servers), for sites past one server.
 */
export type Setup = 'standard' | 'ha' | 'scale-out';

export const SETUP_LABELS: Record<Setup, string> = {
  standard: 'Standard setup',
  ha: 'High availability setup',
  'scale-out': 'Scale-out (IceWarp Cluster)',
};

export interface DatabasePlan {
  /** 'embedded': on the production server; 'mysql': one separate server; 'galera': a Galera cluster. */
  engine: 'embedded' | 'mysql' | 'galera';
  servers: number;
  spec: ServerSpec | null;
  virtualizable: boolean;
  loadBalancers: number;
  loadBalancersVirtual: boolean;
}

export interface StoragePlan {
  /** 0 with onProductionServer: the mail store is a local disk of the production server. */
  servers: number;
  onProductionServer: boolean;
  backupServers: number;
  /** The HA column offers the backup storage server as optional; the cluster line lists it. */
  backupOptional: boolean;
  disksPerServer: number;
  totalDisks: number;
  ramGb: number;
  /** Only the cluster hardware example states storage CPUs. */
  cores: number | null;
}

export interface Infrastructure {
  /** The row whose topology applies (the smallest covering the planned accounts); null past the table. */
  tableRow: number | null;
  database: DatabasePlan;
  /** Client-facing load balancers in front of the frontends. */
  loadBalancers: number;
  storage: StoragePlan;
  network: string;
  controlServers: number;
  managementUnits: number;
  switches10GbE: number;
}

const NONE = { controlServers: 0, managementUnits: 0, switches10GbE: 0 };

/** `backendSpec` doubles as the SQL server spec: the seed sizes "Production + SQL servers" together. */
export function infrastructureFor(setup: Setup, accounts: number, backendSpec: ServerSpec): Infrastructure {
  const storage = storageFor(accounts);
  // The topology of a row applies up to its user count; a scale-out past the table still has one.
  const row: SizingRow = coveringRow(accounts) ?? LAST_ROW;

  if (setup === 'standard') {
    const s = row.standard;
    return {
      tableRow: row.users,
      database: {
        engine: s.databaseServers === 0 ? 'embedded' : 'mysql',
        servers: s.databaseServers,
        spec: s.databaseServers === 0 ? null : backendSpec,
        virtualizable: false,
        loadBalancers: 0,
        loadBalancersVirtual: false,
      },
      loadBalancers: 0,
      storage: {
        servers: s.storageServers,
        onProductionServer: s.storageServers === 0,
        backupServers: 0,
        backupOptional: false,
        disksPerServer: storage.disks,
        totalDisks: storage.disks,
        ramGb: storage.ramGb,
        cores: null,
      },
      network: 'Standard network; one server, no inter-server traffic',
      ...NONE,
    };
  }

  if (setup === 'ha') {
    const h = row.ha;
    return {
      tableRow: row.users,
      database: {
        engine: 'galera',
        servers: h.galeraServers,
        spec: backendSpec,
        virtualizable: h.galeraVirtualizable,
        loadBalancers: h.dbLoadBalancers,
        loadBalancersVirtual: h.dbLoadBalancersVirtual,
      },
      // HA section: "Frontend load balancer/s … there are two in the setup".
      loadBalancers: 2,
      storage: {
        servers: h.storageServers,
        onProductionServer: false,
        backupServers: 1,
        backupOptional: h.backupStorageOptional,
        disksPerServer: storage.disks,
        totalDisks: storage.disks,
        ramGb: storage.ramGb,
        cores: null,
      },
      network: h.network10GbE
        ? '10GbE network, dedicated NFS link'
        : 'Dedicated NFS network (at least 10 Gb/s strongly recommended)',
      ...NONE,
    };
  }

  // One replicated storage pair (plus one backup) per chassis-full of disks.
  const pairs = Math.ceil(storage.disks / CLUSTER_HARDWARE.storage.disks);
  return {
    tableRow: null,
    database: {
      engine: 'galera',
      servers: ICEWARP_CLUSTER.galeraServers,
      spec: { ramGb: CLUSTER_HARDWARE.galera.ramGb, cores: CLUSTER_HARDWARE.galera.cores },
      virtualizable: false,
      loadBalancers: ICEWARP_CLUSTER.dbLoadBalancers,
      loadBalancersVirtual: false,
    },
    loadBalancers: 2,
    storage: {
      servers: ICEWARP_CLUSTER.storageServers * pairs,
      onProductionServer: false,
      backupServers: ICEWARP_CLUSTER.backupStorageServers * pairs,
      backupOptional: false,
      disksPerServer: Math.ceil(storage.disks / pairs),
      totalDisks: storage.disks,
      ramGb: CLUSTER_HARDWARE.storage.ramGb,
      cores: CLUSTER_HARDWARE.storage.cores,
    },
    network: `${ICEWARP_CLUSTER.switches10GbE}× 10GbE switch, dedicated storage network`,
    controlServers: ICEWARP_CLUSTER.controlServers,
    managementUnits: ICEWARP_CLUSTER.managementUnits,
    switches10GbE: ICEWARP_CLUSTER.switches10GbE,
  };
}
