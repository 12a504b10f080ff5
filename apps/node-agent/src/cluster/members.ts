// The hosts this node may probe: the cluster members the console registered
// (PUT /v1/cluster/members) plus the hosts of its --peers. The list is kept in
// the data directory so a restarted node can answer the console's checks
// before the console has sent it again.
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { normalizeHost, ZSetClusterMembersRequest, type ClusterMember } from '@cc/node-api';

export const MEMBERS_FILE = 'cluster-members.json';

export class ClusterMembers {
  private hosts = new Set<string>();
  private readonly peerHosts: Set<string>;
  /** Writes run one after the other so the last PUT wins on disk as in memory. */
  private writing: Promise<unknown> = Promise.resolve();

  private constructor(
    private readonly file: string,
    peerUrls: string[],
  ) {
    this.peerHosts = new Set(peerUrls.flatMap((url) => hostOf(url) ?? []));
  }

  /** A missing or damaged file means no registered members yet: the safe side, nothing extra may be probed. */
  static async load(
    dataDir: string,
    peerUrls: string[],
    log: (event: Record<string, unknown>) => void = () => {},
  ): Promise<ClusterMembers> {
    const members = new ClusterMembers(join(dataDir, MEMBERS_FILE), peerUrls);
    let text: string | undefined;
    try {
      text = await readFile(members.file, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    }
    if (text !== undefined) {
      let parsed: ReturnType<typeof ZSetClusterMembersRequest.safeParse> | undefined;
      try {
        parsed = ZSetClusterMembersRequest.safeParse(JSON.parse(text));
      } catch {
        parsed = undefined;
      }
      if (parsed?.success) members.use(parsed.data.members);
      else log({ event: 'members-file-damaged', file: members.file });
    }
    return members;
  }

  /** Exact comparison of normal forms: nothing is resolved, so no name can stand in for another. */
  allows(host: string): boolean {
    let normal: string;
    try {
      normal = normalizeHost(host);
    } catch {
      return false;
    }
    return this.hosts.has(normal) || this.peerHosts.has(normal);
  }

  /** Replaces the list once it is safely on disk; resolves to the number of members. */
  replace(members: ClusterMember[]): Promise<number> {
    const normal = members.map((m) => ({ name: m.name, host: normalizeHost(m.host) }));
    const write = this.writing.then(async () => {
      await mkdir(dirname(this.file), { recursive: true, mode: 0o700 });
      // Write-then-rename so a crash never leaves a half-written list.
      const tmp = `${this.file}.${process.pid}.tmp`;
      await writeFile(tmp, `${JSON.stringify({ members: normal })}\n`, { mode: 0o600 });
      await rename(tmp, this.file);
      this.use(normal);
      return normal.length;
    });
    this.writing = write.catch(() => undefined);
    return write;
  }

  private use(members: ClusterMember[]): void {
    this.hosts = new Set(members.map((m) => normalizeHost(m.host)));
  }
}

/** The host of a peer's admin URL in normal form; undefined for one we could never match. */
function hostOf(url: string): string | undefined {
  try {
    return normalizeHost(new URL(url).hostname);
  } catch {
    return undefined;
  }
}
