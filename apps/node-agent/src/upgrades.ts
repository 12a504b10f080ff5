// POST /v1/upgrade and /v1/upgrade/rollback, the health check after one, and
// what an unhealthy node refuses. The upgrade itself is a real restart: this
// process records the target (upgrade-state.ts), answers, closes and exits;
// its supervisor starts a new process, which runs the target version, reports
// 'upgrading' until its health check passes and stays Non-Ready.
import { UPGRADE_ERRORS, type endpoints, type UpgradeStatus } from '@cc/node-api';
import type { NodeDriver } from './drivers';
import { HttpError, type Handlers } from './server';
import type { UpgradeStore } from './upgrade-state';

type UpgradeHandlers = Pick<Handlers<typeof endpoints>, 'upgrade' | 'rollbackUpgrade'>;

/** How long the restarted process warms up before its health check: long enough to be seen 'upgrading'. */
export const HEALTH_CHECK_DELAY_MS = 300;
/** Between the answer and the close, so the answer gets out and a status poll still sees 'upgrading'. */
const RESTART_DELAY_MS = 150;

export interface UpgradesOptions {
  name: string;
  store: UpgradeStore;
  driver: NodeDriver;
  /** Test-only (--fail-health-versions): these versions fail their health check. */
  failHealthVersions?: readonly string[] | undefined;
  /** Closes the agent and ends this process so it is started again; without it upgrades answer 501. */
  restart?: (() => Promise<void>) | undefined;
  log: (event: Record<string, unknown>) => void;
}

export class Upgrades {
  private readonly failing: ReadonlySet<string>;
  private timer: NodeJS.Timeout | undefined;
  /** Set from the first check of a request on: a second request must not slip in while the first awaits. */
  private claimed = false;

  constructor(private readonly opts: UpgradesOptions) {
    this.failing = new Set(opts.failHealthVersions ?? []);
  }

  /** The driver reports the version the agent gives it, and a supervisor can restart this process. */
  get supported(): boolean {
    return this.opts.driver.upgradable === true && this.opts.restart !== undefined;
  }

  /** Whether the driver should start Ready: not after an upgrade, nor at a version known to fail. */
  static startsReady(store: UpgradeStore, failHealthVersions: readonly string[] = []): boolean {
    return !store.busy && !failHealthVersions.includes(store.version);
  }

  status(): UpgradeStatus {
    // What the driver reports (a real mail server tells its own version), as NodeInfo does.
    return { ...this.opts.store.status(), version: this.opts.driver.softwareVersion() };
  }

  /** Once the admin server listens: settles an upgrade or rollback after its warm-up, or checks at once. */
  start(): void {
    if (!this.opts.store.busy) return void this.settle(false);
    this.timer = setTimeout(() => void this.settle(true), HEALTH_CHECK_DELAY_MS);
  }

  stop(): void {
    clearTimeout(this.timer);
  }

  /** GET /healthz: 503 while the running version is failed. */
  health(): { json: { ok: true } } {
    const s = this.status();
    if (s.state === 'failed') throw new HttpError(503, UPGRADE_ERRORS.unhealthy, this.unhealthyMessage(s));
    return { json: { ok: true } };
  }

  /** Make Ready is refused until the version running now has passed its health check. */
  assertCanBeReady(): void {
    const s = this.status();
    if (s.state === 'failed') throw new HttpError(409, UPGRADE_ERRORS.unhealthy, this.unhealthyMessage(s));
    if (this.opts.store.busy || this.claimed) {
      throw new HttpError(409, UPGRADE_ERRORS.inProgress, `${this.opts.name} is still ${this.doing(s)}`);
    }
  }

  handlers(): UpgradeHandlers {
    const { name, store } = this.opts;
    return {
      upgrade: async ({ body }) => {
        this.claim();
        try {
          if (body.version === store.version)
            throw new HttpError(400, UPGRADE_ERRORS.sameVersion, `${name} already runs version ${body.version}`);
          await this.checkDrained(body.force === true, `upgrade to ${body.version}`);
          return { json: this.restartWith(await store.beginUpgrade(body.version), body.force === true) };
        } catch (err) {
          this.claimed = false;
          throw err;
        }
      },
      rollbackUpgrade: async ({ body }) => {
        this.claim();
        try {
          const { previous } = store.status();
          if (previous === null) {
            const why = store.status().state === 'idle' ? 'it was never upgraded' : 'it has been rolled back already';
            throw new HttpError(409, UPGRADE_ERRORS.nothingToRollBack, `${name} has nothing to roll back to: ${why}`);
          }
          await this.checkDrained(body.force === true, `roll back to ${previous}`);
          return { json: this.restartWith(await store.beginRollback(), body.force === true) };
        } catch (err) {
          this.claimed = false;
          throw err;
        }
      },
    };
  }

  private claim(): void {
    const { name, driver } = this.opts;
    if (!this.supported) {
      const why = driver.upgradable
        ? 'it runs without the supervisor that restarts it (start it with the cc-node-agent CLI)'
        : `its ${driver.kind} driver reports the mail server's own version, which the agent cannot change`;
      throw new HttpError(501, UPGRADE_ERRORS.unsupported, `${name} cannot restart into another version: ${why}`);
    }
    if (this.opts.store.busy || this.claimed)
      throw new HttpError(409, UPGRADE_ERRORS.inProgress, `${name} is already ${this.doing(this.status())}`);
    this.claimed = true;
  }

  /** Drained: Non-Ready (a backend's drain done) with no session open, real client connections included. */
  private async checkDrained(force: boolean, what: string): Promise<void> {
    const d = await this.opts.driver.status();
    const { imap, pop, smtp, http } = d.load.sessions;
    const open = imap + pop + smtp + http;
    const withdrawn = d.readiness === 'drained' || d.readiness === 'non-ready';
    if ((withdrawn && open === 0) || force) return;
    throw new HttpError(
      409,
      UPGRADE_ERRORS.notDrained,
      `${this.opts.name} is not drained (${d.readiness}, ${open} open session${open === 1 ? '' : 's'}): make it ` +
        `Non-Ready and wait until no session is left before you ${what}, or force it to cut the sessions`,
    );
  }

  private restartWith(status: UpgradeStatus, force: boolean): UpgradeStatus {
    const { name, restart, log } = this.opts;
    const event = status.state === 'upgrading' ? 'upgrade-started' : 'rollback-started';
    log({ event, name, from: status.version, to: status.target, force });
    setTimeout(() => {
      restart!().catch((err: unknown) => log({ event: 'error', name, message: `restart failed: ${String(err)}` }));
    }, RESTART_DELAY_MS);
    return status;
  }

  private async settle(afterRestart: boolean): Promise<void> {
    const { name, store, log } = this.opts;
    const error = await this.check(afterRestart);
    const before = store.status();
    // A plain start records only a change: an idle or healthy version failing now, or a failed one passing.
    const unchanged = error === null ? before.state !== 'failed' : before.state === 'failed' && before.error === error;
    if (!afterRestart && unchanged) return;
    try {
      const after = await store.finish(error);
      log({ event: error ? 'upgrade-failed' : 'upgrade-healthy', name, version: after.version, error });
    } catch (err) {
      log({ event: 'error', name, message: `could not record the health check: ${String(err)}` });
    }
  }

  /** The test switch; after a restart also whether the driver answers (a plain start must not latch a hiccup). */
  private async check(afterRestart: boolean): Promise<string | null> {
    const version = this.opts.store.version;
    if (this.failing.has(version)) return `health check failed at version ${version} (test switch)`;
    if (!afterRestart) return null;
    try {
      await this.opts.driver.status();
      return null;
    } catch (err) {
      return `health check failed at version ${version}: ${(err as Error).message}`;
    }
  }

  private doing(s: UpgradeStatus): string {
    return `${s.state === 'rolling-back' ? 'rolling back' : 'upgrading'} to ${s.target ?? s.version}`;
  }

  private unhealthyMessage(s: UpgradeStatus): string {
    return `${this.opts.name} is unhealthy at version ${s.version}: ${s.error ?? 'health check failed'}; roll back or upgrade`;
  }
}
