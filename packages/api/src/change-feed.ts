import { EventEmitter } from 'node:events';

import type { Database, Listener } from '@cc/db';
import { createLogger } from '@cc/log';

const log = createLogger('console');

/** The channels the migration `change_notifications` notifies on (triggers on the tables named there). */
export type FeedChannel = 'cc_auth' | 'cc_ssi';
const CHANNELS: FeedChannel[] = ['cc_auth', 'cc_ssi'];

/**
 * One LISTEN connection per console process for the caches kept in memory (session checks, the Single
 * Service Image). Whatever any process commits to the tables they depend on arrives here as a
 * notification. A cache may answer from memory only while `listening`, and only after `sync()`: that
 * round trip on the listening connection hands over every notification committed before it began, so
 * a change committed anywhere is seen by the next request everywhere (read-your-writes across
 * processes), and concurrent requests share one round trip.
 */
export class ChangeFeed extends EventEmitter {
  private readonly listener: Listener;
  private live = false;
  private current: Promise<boolean> | null = null;
  private next: Promise<boolean> | null = null;

  constructor(db: Database) {
    super();
    this.setMaxListeners(0);
    this.listener = db.listen(CHANNELS, {
      message: (channel, payload) => this.emit(channel, payload),
      state: (listening) => {
        if (listening === this.live) return;
        this.live = listening;
        if (!listening) log.warn('change notifications lost: cached reads go to the database until they are back');
        // Either way what is cached may have missed changes: caches drop it.
        this.emit('reset');
      },
    });
  }

  get listening(): boolean {
    return this.live;
  }

  /** True once every notification committed before the call has been handled; false when not listening. */
  sync(): Promise<boolean> {
    if (!this.live) return Promise.resolve(false);
    if (!this.current) return this.start();
    // The round trip in flight may have begun before this caller's change: wait for the next one.
    this.next ??= this.current.then(() => {
      this.next = null;
      return this.current ?? this.start();
    });
    return this.next;
  }

  private start(): Promise<boolean> {
    const run = this.listener.sync().finally(() => {
      if (this.current === run) this.current = null;
    });
    this.current = run;
    return run;
  }
}

const KEY = Symbol.for('cluster-console.change-feeds');
const g = globalThis as { [KEY]?: WeakMap<Database, ChangeFeed> };

/** The process's feed for this database, started on first use (pinned on globalThis: Next.js bundles). */
export function changeFeed(db: Database): ChangeFeed {
  const feeds = (g[KEY] ??= new WeakMap());
  let feed = feeds.get(db);
  if (!feed) {
    feed = new ChangeFeed(db);
    feeds.set(db, feed);
  }
  return feed;
}
