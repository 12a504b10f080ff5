// A backend's place in the Dovecot director: its vhost count decides how many
// users the director hashes to it, so 0 withdraws it (users already assigned
// keep coming until their assignment expires) and the saved count restores it.
// The director keeps all of this in memory only: a reload restarts it with the
// configured counts, so reload() snapshots and restores them.
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { ZRingRow, type DirectorHost, type DoveadmClient } from './doveadm-client';

/** Dovecot's default vhost count, used when no earlier count was saved. */
const DEFAULT_VHOSTS = 100;
const ZProcessRow = z.object({ name: z.string(), pid: z.string() });
const ZSaved = z.object({ host: z.string(), vhostCount: z.string() });

export interface DirectorSnapshot {
  hosts: DirectorHost[];
  pid: string | undefined;
}

export class DirectorVhosts {
  private readonly file: string;

  constructor(
    private readonly director: DoveadmClient,
    /** The backend's address as director_mail_servers lists it. */
    private readonly host: string,
    dataDir: string,
  ) {
    this.file = join(dataDir, 'dovecot-vhosts.json');
  }

  /** This backend in the director: null when the director does not list it (it gets no users). */
  async mine(): Promise<{ vhosts: number; up: boolean } | null> {
    const me = (await this.director.directorStatus()).find((h) => h['mail server ip'] === this.host);
    return me ? { vhosts: Number(me.vhosts), up: me.state === 'up' } : null;
  }

  async withdrawMine(): Promise<void> {
    const me = await this.listed();
    if (Number(me.vhosts) === 0) return;
    // Saved first: a crash between the two steps must not lose the count to restore.
    await mkdir(join(this.file, '..'), { recursive: true });
    await writeFile(this.file, JSON.stringify({ host: this.host, vhostCount: me.vhosts }));
    await this.director.call('directorUpdate', { host: this.host, vhostCount: '0' }, z.unknown());
  }

  async restoreMine(): Promise<void> {
    const me = await this.listed();
    if (Number(me.vhosts) === 0) {
      const saved = await readFile(this.file, 'utf8').then(
        (text) => ZSaved.safeParse(JSON.parse(text)).data,
        () => undefined,
      );
      const count = saved?.host === this.host ? saved.vhostCount : String(DEFAULT_VHOSTS);
      await this.director.call('directorUpdate', { host: this.host, vhostCount: count }, z.unknown());
    }
    if (me.state !== 'up') await this.director.call('directorUp', { host: this.host }, z.unknown());
    await rm(this.file, { force: true });
  }

  /** Kicks this backend's users (when withdrawn) and forgets their assignment to it. */
  flush(): Promise<void> {
    return this.director.unlessNothing('directorFlush', { host: this.host });
  }

  async snapshot(): Promise<DirectorSnapshot> {
    const [hosts, pid] = await Promise.all([this.director.directorStatus(), this.directorPid()]);
    return { hosts, pid };
  }

  /** After a reload: waits for the new director process and its ring, then puts the counts back. */
  async restore(before: DirectorSnapshot, timeoutMs = 5000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    let now: DirectorHost[] | undefined;
    while (Date.now() < deadline) {
      const [pid, ring, hosts] = await Promise.all([
        this.directorPid().catch(() => before.pid),
        this.director.call('directorRingStatus', {}, z.array(ZRingRow)).catch(() => []),
        this.director.directorStatus().catch(() => undefined),
      ]);
      // No director PID before (not listed): nothing to wait for.
      const restarted = before.pid === undefined || pid !== before.pid;
      if (restarted && ring.some((r) => r.status === 'ring synced') && hosts) {
        now = hosts;
        break;
      }
      await new Promise((r) => setTimeout(r, 50));
    }
    if (!now) throw new Error(`the director did not come back within ${timeoutMs} ms of the reload`);
    for (const was of before.hosts) {
      const host = was['mail server ip'];
      const is = now.find((h) => h['mail server ip'] === host);
      if (!is) continue;
      if (is.vhosts !== was.vhosts)
        await this.director.call('directorUpdate', { host, vhostCount: was.vhosts }, z.unknown());
      if (was.state === 'down' && is.state !== 'down') await this.director.call('directorDown', { host }, z.unknown());
    }
  }

  private async listed(): Promise<DirectorHost> {
    const me = (await this.director.directorStatus()).find((h) => h['mail server ip'] === this.host);
    if (!me) throw new Error(`the director at ${this.director.url} does not list ${this.host} (check --dovecot-host)`);
    return me;
  }

  private async directorPid(): Promise<string | undefined> {
    const rows = await this.director.call('processStatus', {}, z.array(ZProcessRow));
    return rows.find((r) => r.name === 'director')?.pid;
  }
}
