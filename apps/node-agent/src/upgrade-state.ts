// The node's software version and its latest upgrade or rollback, kept in
// upgrade.json in the data directory: the process restarted by an upgrade
// reads the version to run from here, and so does any later start, so an
// upgraded node keeps its version. A launcher that starts the node with another
// --software-version than the one recorded has deployed a version itself: that
// wins and the record is dropped.
import { mkdir, open, readFile, rename } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { ZUpgradeStatus, type UpgradeStatus } from '@cc/node-api';
import { z } from 'zod';

export const UPGRADE_FILE = 'upgrade.json';

/**
 * The status as the next process start must see it: while an upgrade or rollback is under way,
 * `version` is already its target. `launchedAs` is the --software-version of the first start.
 */
const ZStoredUpgrade = ZUpgradeStatus.extend({ launchedAs: z.string().min(1) });
type StoredUpgrade = z.infer<typeof ZStoredUpgrade>;

const idle = (version: string): UpgradeStatus => ({
  state: 'idle',
  version,
  previous: null,
  target: null,
  startedAt: null,
  finishedAt: null,
  error: null,
});

export class UpgradeStore {
  private constructor(
    private readonly file: string,
    private readonly launchedAs: string,
    private current: UpgradeStatus,
  ) {}

  /** `launchedAs`: the version the agent was started with (--software-version). */
  static async load(
    dataDir: string,
    launchedAs: string,
    log: (event: Record<string, unknown>) => void = () => {},
  ): Promise<UpgradeStore> {
    const file = join(dataDir, UPGRADE_FILE);
    const store = new UpgradeStore(file, launchedAs, idle(launchedAs));
    let text: string | undefined;
    try {
      text = await readFile(file, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    }
    if (text === undefined) return store;
    let parsed: ReturnType<typeof ZStoredUpgrade.safeParse> | undefined;
    try {
      parsed = ZStoredUpgrade.safeParse(JSON.parse(text));
    } catch {
      parsed = undefined;
    }
    if (!parsed?.success) {
      // Running the launcher's version is the safe fallback: it is what the operator deployed.
      log({ event: 'upgrade-file-damaged', file, message: `ignored; running ${launchedAs}` });
    } else if (parsed.data.launchedAs !== launchedAs) {
      log({ event: 'upgrade-superseded', file, recorded: parsed.data.version, launchedAs });
    } else {
      const { launchedAs: _launchedAs, ...status } = parsed.data;
      store.current = status;
    }
    return store;
  }

  get version(): string {
    return this.current.version;
  }

  /** An upgrade or rollback is under way (this process is about to restart, or has yet to settle). */
  get busy(): boolean {
    return this.current.state === 'upgrading' || this.current.state === 'rolling-back';
  }

  status(): UpgradeStatus {
    return { ...this.current };
  }

  /**
   * Records an upgrade to `target`; the next start runs it. A rollback then returns to the version
   * running now, or, from a failed upgrade, to the last version that passed (the failed one is no goal).
   */
  async beginUpgrade(target: string, now = new Date()): Promise<UpgradeStatus> {
    const s = this.current;
    const previous = s.state === 'failed' ? s.previous : s.version;
    return this.begin({ ...s, state: 'upgrading', previous, target }, now);
  }

  /** Records a rollback to `previous`. Afterwards there is nothing further to roll back to (previous null). */
  async beginRollback(now = new Date()): Promise<UpgradeStatus> {
    const target = this.current.previous;
    if (target === null) throw new Error('nothing to roll back to');
    return this.begin({ ...this.current, state: 'rolling-back', previous: null, target }, now);
  }

  /** The running version's health check result: healthy (error null) or failed. */
  async finish(error: string | null, now = new Date()): Promise<UpgradeStatus> {
    const next: UpgradeStatus = {
      ...this.current,
      state: error === null ? 'healthy' : 'failed',
      finishedAt: now.toISOString(),
      error,
    };
    await this.persist(next);
    this.current = next;
    return this.status();
  }

  private async begin(next: UpgradeStatus, now: Date): Promise<UpgradeStatus> {
    const target = next.target!;
    next = { ...next, startedAt: now.toISOString(), finishedAt: null, error: null };
    // On disk the target is already the version: whatever starts next runs it.
    await this.persist({ ...next, version: target });
    this.current = next;
    return this.status();
  }

  private async persist(status: UpgradeStatus): Promise<void> {
    await mkdir(dirname(this.file), { recursive: true, mode: 0o700 });
    // Write, fsync, rename: a crash leaves the old file or the new one, never half of one.
    const tmp = `${this.file}.${process.pid}.tmp`;
    const handle = await open(tmp, 'w', 0o600);
    try {
      const stored: StoredUpgrade = { ...status, launchedAs: this.launchedAs };
      await handle.writeFile(`${JSON.stringify(stored)}\n`);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(tmp, this.file);
  }
}
