// Cluster alerts (CommuniGate Pro's Cluster Alerts) on this node: which alerts
// of the applied configuration are in force, and to how many distinct accounts
// the node has shown each one. "Shown" means the account had a session open
// while the alert was in force: a real server displays it at login or at the
// client's next refresh, so an open session is when the user sees it.
import type { Alert, AlertDelivery } from '@cc/node-api';

/** Distinct accounts remembered per alert; beyond this the count goes on as a number (a lower bound). */
export const MAX_SHOWN_PER_ALERT = 1_000_000;
export const ALERT_TICK_MS = 1000;

export interface AlertBoardOptions {
  /** The alerts of the applied configuration (ConfigStore.alerts); read again on every refresh. */
  alerts: () => readonly Alert[];
  /** Lower-case addresses with an open session, each once (NodeDriver.openAccounts). */
  openAccounts: () => Iterable<string>;
  /** Node clock in ms; injectable for tests. */
  now?: () => number;
  maxShownPerAlert?: number;
  tickMs?: number;
  log?: (event: Record<string, unknown>) => void;
}

interface Tracked {
  alert: Alert;
  /** In force from `from` (inclusive) until `until` (exclusive), node clock. */
  from: number;
  until: number;
  shown: Set<string>;
  /** Accounts beyond the cap: the most seen in one refresh, so a user open for many ticks counts once. */
  beyond: number;
  beyondNow: number;
  active: boolean;
}

/** ms since the epoch; no bound is open-ended. */
const bound = (iso: string | null, open: number) => (iso === null ? open : Date.parse(iso));

const domainOf = (address: string) => address.slice(address.lastIndexOf('@') + 1);

export class AlertBoard {
  private readonly now: () => number;
  private readonly cap: number;
  private source: readonly Alert[] = [];
  /** In the configuration's order; keyed by id (a repeated id keeps its first alert). */
  private tracked = new Map<string, Tracked>();
  /** Looked up per open account, so a tick costs accounts x matching alerts, not accounts x all alerts. */
  private cluster: Tracked[] = [];
  private byDomain = new Map<string, Tracked[]>();
  private byAccount = new Map<string, Tracked[]>();
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly opts: AlertBoardOptions) {
    this.now = opts.now ?? Date.now;
    this.cap = opts.maxShownPerAlert ?? MAX_SHOWN_PER_ALERT;
  }

  start(): void {
    this.timer ??= setInterval(() => {
      try {
        this.refresh();
      } catch (err) {
        // A driver that cannot list accounts now must not take the agent down; the next tick tries again.
        this.opts.log?.({ event: 'alerts-refresh-failed', message: String(err) });
      }
    }, this.opts.tickMs ?? ALERT_TICK_MS);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }

  /** Every alert the node holds, refreshed first so the answer includes accounts open right now. */
  deliveries(): AlertDelivery[] {
    this.refresh();
    return [...this.tracked.values()].map((t) => ({
      id: t.alert.id,
      active: t.active,
      shownTo: t.shown.size + t.beyond,
    }));
  }

  /** Takes the current alert list, then marks every open account each active alert applies to as shown. */
  refresh(): void {
    this.sync();
    const now = this.now();
    let anyActive = false;
    for (const t of this.tracked.values()) {
      t.active = now >= t.from && now < t.until;
      anyActive ||= t.active;
    }
    if (!anyActive) return;
    for (const account of this.opts.openAccounts()) {
      const address = account.toLowerCase();
      this.show(this.cluster, address);
      this.show(this.byDomain.get(domainOf(address)), address);
      this.show(this.byAccount.get(address), address);
    }
    for (const t of this.tracked.values()) {
      t.beyond = Math.max(t.beyond, t.beyondNow);
      t.beyondNow = 0;
    }
  }

  private show(alerts: Tracked[] | undefined, address: string): void {
    for (const t of alerts ?? []) {
      if (!t.active || t.shown.has(address)) continue;
      if (t.shown.size < this.cap) t.shown.add(address);
      else t.beyondNow++;
    }
  }

  /** Rebuilds the index when the configuration changed; an alert that left it is dropped with its counts. */
  private sync(): void {
    const alerts = this.opts.alerts();
    if (alerts === this.source) return;
    this.source = alerts;
    const previous = this.tracked;
    this.tracked = new Map();
    this.cluster = [];
    this.byDomain = new Map();
    this.byAccount = new Map();
    for (const alert of alerts) {
      if (this.tracked.has(alert.id)) continue;
      const kept = previous.get(alert.id);
      const t: Tracked = {
        alert,
        from: bound(alert.startsAt, -Infinity),
        until: bound(alert.expiresAt, Infinity),
        // Same id in a newer revision (e.g. a corrected text or expiry): the same alert, already shown to these.
        shown: kept?.shown ?? new Set(),
        beyond: kept?.beyond ?? 0,
        beyondNow: 0,
        active: false,
      };
      this.tracked.set(alert.id, t);
      const target = alert.target?.toLowerCase();
      if (alert.scope === 'cluster') this.cluster.push(t);
      // A domain or account alert without a target applies to nobody.
      else if (target) push(alert.scope === 'domain' ? this.byDomain : this.byAccount, target, t);
    }
  }
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
