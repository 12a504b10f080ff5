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
  type ConfigDelta,
  type ConfigDomain,
  type ConfigSnapshot,
  type NodeConfigStatus,
  type StageAccountsRequest,
  type StageAccountsResponse,
} from '@cc/node-api';
import { z } from 'zod';

export const CONFIG_FILE = 'config.json';

/** An account the node holds; deleted accounts are dropped, never kept with null settings. */
export type StoredAccount = Omit<AccountChange, 'deleted' | 'renamedFrom'> & {
  settings: NonNullable<AccountChange['settings']>;
};

/** What a driver gets with each new revision: the whole resulting state, and what changed. */
export interface ApplyContext {
  /** Every account after this revision, keyed by lowercase address. */
  accounts: ReadonlyMap<string, StoredAccount>;
  /** Every account before it (the previous revision's), keyed the same way. */
  previous: ReadonlyMap<string, StoredAccount>;
  /** The changes this revision carried (for a staged reset: the staged set plus the snapshot's own). */
  changes: readonly AccountChange[];
}

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
/** accountsStaged does not match the staged pages (or pages came out of order): stage again. */
export class StageIncompleteError extends Error {}
/** A delta whose base is not the applied revision: the console sends the whole snapshot instead. */
export class BaseMismatchError extends Error {}

/** The account set being staged for one revision (PUT /v1/config/accounts); only one is kept. */
interface Stage {
  revision: number;
  nextPage: number;
  complete: boolean;
  accounts: AccountChange[];
}

export interface ConfigStoreOptions {
  /** Makes the mail server take the new settings; a throw rolls the revision back. */
  onApply?: (snapshot: ConfigSnapshot, context: ApplyContext) => Promise<void> | undefined;
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
  private stage: Stage | null = null;
  private lastError: NonNullable<NodeConfigStatus['lastError']> | null = null;

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
    const { revision, appliedAt } = this.state;
    return { revision, appliedAt, ...(this.lastError && { lastError: this.lastError }) };
  }

  /**
   * One page of the whole account set for `revision`. Page 0 starts over (dropping any other stage, so
   * memory holds one set at most); any other page must follow the previous one.
   */
  stageAccounts(req: StageAccountsRequest): StageAccountsResponse {
    if (req.page === 0) this.stage = { revision: req.revision, nextPage: 0, complete: false, accounts: [] };
    const stage = this.stage;
    if (!stage || stage.revision !== req.revision || stage.nextPage !== req.page || stage.complete) {
      const expected = stage && !stage.complete ? `page ${stage.nextPage} of revision ${stage.revision}` : 'page 0';
      throw new StageIncompleteError(`got page ${req.page} of revision ${req.revision}, expected ${expected}`);
    }
    for (const a of req.accounts) stage.accounts.push(a);
    stage.nextPage += 1;
    stage.complete = req.last;
    return { revision: stage.revision, staged: stage.accounts.length, complete: stage.complete };
  }

  snapshot(): AppliedConfig {
    return toApplied(this.state);
  }

  /** Drops the applied revision (back to 0, on disk too): the console then sends everything again. */
  forget(why: string): Promise<void> {
    const run = this.queue.then(async () => {
      const before = this.state.revision;
      await this.persist(empty());
      this.state = empty();
      this.opts.log?.({ event: 'config-forgotten', revision: before, reason: why });
    });
    this.queue = run.catch(() => undefined);
    return run;
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

  /**
   * Applies one revision's change on top of the applied revision, exactly as the whole snapshot of that
   * revision would be applied. Idempotent by revision; refused (BaseMismatchError) unless `delta.base` is
   * the applied revision, since the change alone says nothing about the revisions in between.
   */
  applyDelta(delta: ConfigDelta): Promise<ApplyConfigResponse> {
    const run = this.queue.then(() => {
      const current = this.state;
      if (delta.revision <= current.revision) return { revision: current.revision, changed: false };
      if (delta.base !== current.revision)
        throw new BaseMismatchError(`holds revision ${current.revision}, not the base ${delta.base} of this change`);
      return this.applyNow(withDelta(current, delta));
    });
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async applyNow(snapshot: ConfigSnapshot): Promise<ApplyConfigResponse> {
    const previous = this.state;
    if (snapshot.revision <= previous.revision) return { revision: previous.revision, changed: false };
    let changes: readonly AccountChange[] = snapshot.accounts;
    if (snapshot.accountsStaged !== undefined) {
      const stage = this.stage;
      if (!snapshot.accountsReset) throw new StageIncompleteError('accountsStaged needs accountsReset: true');
      if (stage?.revision !== snapshot.revision || !stage.complete || stage.accounts.length !== snapshot.accountsStaged)
        throw new StageIncompleteError(
          `${snapshot.accountsStaged} accounts announced for revision ${snapshot.revision}, ` +
            (stage?.revision === snapshot.revision
              ? `${stage.accounts.length} staged${stage.complete ? '' : ' (last page missing)'}`
              : 'none staged'),
        );
      changes = [...stage.accounts, ...snapshot.accounts];
    }
    const accounts = new Map(snapshot.accountsReset ? [] : previous.accounts);
    for (const change of changes) {
      const key = change.address.toLowerCase();
      if (change.settings === null) accounts.delete(key);
      else accounts.set(key, toStored(change, change.settings));
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
      await this.opts.onApply?.(snapshot, { accounts, previous: previous.accounts, changes });
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      this.lastError = { revision: snapshot.revision, message: message.slice(0, 2000), at: new Date().toISOString() };
      try {
        await this.persist(previous);
      } catch (rollback) {
        // The file now claims a revision the mail server lacks; a restart would report it.
        this.opts.log?.({ event: 'config-rollback-failed', file: this.file, message: String(rollback) });
      }
      throw new ConfigApplyError(message, { cause: err });
    }
    this.state = next;
    this.lastError = null;
    if (this.stage && this.stage.revision <= next.revision) this.stage = null;
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

/** The whole snapshot a delta stands for: the applied state with the change on top. */
function withDelta(state: State, delta: ConfigDelta): ConfigSnapshot {
  const domains = new Map(state.domains.map((d) => [d.name, d]));
  for (const name of delta.removedDomains) domains.delete(name);
  for (const d of delta.domains) domains.set(d.name, d);
  return {
    revision: delta.revision,
    defaults: { ...state.defaults, ...delta.defaults },
    domains: [...domains.values()],
    accounts: delta.accounts,
    accountsReset: false,
    alerts: delta.alerts ?? state.alerts,
  };
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
  for (const a of c.accounts) if (a.settings !== null) accounts.set(a.address.toLowerCase(), toStored(a, a.settings));
  const { revision, appliedAt, defaults, domains, alerts } = c;
  return { revision, appliedAt, defaults, domains, accounts, alerts };
}

/** The account as kept: without the one-off delete and rename markers. */
function toStored(a: AccountChange, settings: StoredAccount['settings']): StoredAccount {
  return {
    address: a.address,
    settings,
    enabled: a.enabled,
    ...(a.id !== undefined && { id: a.id }),
    ...(a.passwordHash !== undefined && { passwordHash: a.passwordHash }),
  };
}
