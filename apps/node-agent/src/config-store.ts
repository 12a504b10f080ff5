// The configuration revision this node has applied (PUT /v1/config), kept in
// the data directory so a restarted node reports the same revision and the
// console only sends what changed since. The console owns the desired state:
// when in doubt (a damaged file) we start at revision 0 and get it all again.
import { mkdir, open, readFile, rename } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import {
  ZAlert,
  ZAppliedConfig,
  type AccountChange,
  type Alert,
  type AppliedConfig,
  type ApplyConfigResponse,
  type ConfigDefaults,
  type ConfigDomain,
  type ConfigSnapshot,
  type NodeConfigStatus,
} from '@cc/node-api';
import { z } from 'zod';

export const CONFIG_FILE = 'config.json';

/** An account override the node holds; deleted accounts are dropped, never kept with null settings. */
export type StoredAccount = AccountChange & { settings: NonNullable<AccountChange['settings']> };

interface State {
  revision: number;
  appliedAt: string | null;
  defaults: ConfigDefaults;
  domains: ConfigDomain[];
  /** Keyed by lowercase address: mail addresses are compared case-insensitively. */
  accounts: Map<string, StoredAccount>;
  /** Every alert in force or scheduled; each revision replaces the list. */
  alerts: Alert[];
}

/** config.json: what GET /v1/config serves plus the alerts (a file from before alerts existed has none). */
const ZStoredConfig = ZAppliedConfig.extend({ alerts: z.array(ZAlert).default([]) });
type StoredConfig = z.infer<typeof ZStoredConfig>;

/** The driver could not make the mail server take the new revision; nothing was applied. */
export class ConfigApplyError extends Error {}

export interface ConfigStoreOptions {
  /** Makes the mail server take the new settings; a throw rolls the revision back. */
  onApply?: (snapshot: ConfigSnapshot) => Promise<void> | undefined;
  log?: (event: Record<string, unknown>) => void;
}

const empty = (): State => ({
  revision: 0,
  appliedAt: null,
  defaults: { domain: {}, account: {}, prefs: {} },
  domains: [],
  accounts: new Map(),
  alerts: [],
});

export class ConfigStore {
  private state: State = empty();
  /** Applies run one at a time, so revisions are compared and written in order. */
  private queue: Promise<unknown> = Promise.resolve();

  private constructor(
    private readonly file: string,
    private readonly opts: ConfigStoreOptions,
  ) {}

  static async load(dataDir: string, opts: ConfigStoreOptions = {}): Promise<ConfigStore> {
    const store = new ConfigStore(join(dataDir, CONFIG_FILE), opts);
    let text: string | undefined;
    try {
      text = await readFile(store.file, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    }
    if (text === undefined) return store;
    let parsed: ReturnType<typeof ZStoredConfig.safeParse> | undefined;
    try {
      parsed = ZStoredConfig.safeParse(JSON.parse(text));
    } catch {
      parsed = undefined;
    }
    if (parsed?.success) store.state = fromStored(parsed.data);
    // Revision 0 makes the console push everything again (with accountsReset).
    else
      store.opts.log?.({
        event: 'config-file-damaged',
        file: store.file,
        message: 'ignored; starting at revision 0 so the console sends the whole configuration again',
      });
    return store;
  }

  status(): NodeConfigStatus {
    return { revision: this.state.revision, appliedAt: this.state.appliedAt };
  }

  snapshot(): AppliedConfig {
    return toApplied(this.state);
  }

  /** The alerts of the applied revision (GET /v1/alerts, AlertBoard). */
  alerts(): readonly Alert[] {
    return this.state.alerts;
  }

  /** Resolves once the revision is on disk and the mail server took it; rejects with ConfigApplyError if not. */
  apply(snapshot: ConfigSnapshot): Promise<ApplyConfigResponse> {
    const run = this.queue.then(() => this.applyNow(snapshot));
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async applyNow(snapshot: ConfigSnapshot): Promise<ApplyConfigResponse> {
    const previous = this.state;
    if (snapshot.revision <= previous.revision) return { revision: previous.revision, changed: false };
    const accounts = new Map(snapshot.accountsReset ? [] : previous.accounts);
    for (const { address, settings, enabled } of snapshot.accounts) {
      const key = address.toLowerCase();
      if (settings === null) accounts.delete(key);
      else accounts.set(key, { address, settings, enabled });
    }
    const next: State = {
      revision: snapshot.revision,
      appliedAt: new Date().toISOString(),
      defaults: snapshot.defaults,
      domains: snapshot.domains,
      accounts,
      alerts: snapshot.alerts,
    };
    // On disk first: once reported, a revision must survive a crash.
    await this.persist(next);
    try {
      await this.opts.onApply?.(snapshot);
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      try {
        await this.persist(previous);
      } catch (rollback) {
        // The file now claims a revision the mail server lacks; a restart would report it.
        this.opts.log?.({ event: 'config-rollback-failed', file: this.file, message: String(rollback) });
      }
      throw new ConfigApplyError(message, { cause: err });
    }
    this.state = next;
    return { revision: next.revision, changed: true };
  }

  private async persist(state: State): Promise<void> {
    await mkdir(dirname(this.file), { recursive: true, mode: 0o700 });
    // Write, fsync, rename: a crash leaves the old file or the new one, never half of one.
    const tmp = `${this.file}.${process.pid}.tmp`;
    const handle = await open(tmp, 'w', 0o600);
    try {
      const stored: StoredConfig = { ...toApplied(state), alerts: state.alerts };
      await handle.writeFile(`${JSON.stringify(stored)}\n`);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(tmp, this.file);
  }
}

function toApplied(s: State): AppliedConfig {
  return {
    revision: s.revision,
    appliedAt: s.appliedAt,
    defaults: s.defaults,
    domains: s.domains,
    accounts: [...s.accounts.values()],
  };
}

function fromStored(c: StoredConfig): State {
  const accounts = new Map<string, StoredAccount>();
  for (const { address, settings, enabled } of c.accounts) {
    if (settings !== null) accounts.set(address.toLowerCase(), { address, settings, enabled });
  }
  const { revision, appliedAt, defaults, domains, alerts } = c;
  return { revision, appliedAt, defaults, domains, accounts, alerts };
}
