import type { Prisma, PrismaClient } from '@cc/db';

import { errorMessage } from '../../errors';
import type { SecretBox } from '../secrets/secret-box';
import { deliver } from './send';
import type { NotificationPayload } from './types';

/** Waits after the 1st, 2nd, … failed attempt; one more failure than delays given → dead letter. */
export const DEFAULT_RETRY_DELAYS_MS = [10_000, 30_000, 60_000, 120_000];

export interface DispatcherOptions {
  prisma: PrismaClient;
  secrets: SecretBox;
  intervalMs?: number;
  retryDelaysMs?: number[];
  log?: (msg: string) => void;
}

/**
 * Sends queued notifications: every due pending or failed delivery, oldest first, retried with growing
 * delays and dead-lettered after the last. It reads the queue from the database, so what a stopped
 * process had not sent is sent by the next leader. Runs in one process (the collector's leader).
 */
export class NotificationDispatcher {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private again = false;
  private readonly delays: number[];

  constructor(private readonly o: DispatcherOptions) {
    this.delays = o.retryDelaysMs ?? DEFAULT_RETRY_DELAYS_MS;
  }

  start(): this {
    if (!this.timer) this.timer = setInterval(() => void this.kick(), this.o.intervalMs ?? 1000);
    void this.kick();
    return this;
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  /** Sends what is due now; called on its timer and whenever findings opened or closed. */
  kick(): Promise<void> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = this.drain()
      .catch((e) => this.o.log?.(`notification dispatch failed: ${errorMessage(e)}`))
      .finally(() => {
        this.running = null;
        if (this.again) {
          this.again = false;
          void this.kick();
        }
      });
    return this.running;
  }

  private async drain(): Promise<void> {
    const due = await this.o.prisma.notificationDelivery.findMany({
      where: { status: { in: ['pending', 'failed'] }, nextAttemptAt: { lte: new Date() } },
      orderBy: { id: 'asc' },
      take: 50,
      include: { channel: true },
    });
    // Channels in parallel, each channel's deliveries in order (an open before its close).
    const byChannel = new Map<string, DueDelivery[]>();
    for (const d of due) byChannel.set(d.channelId, [...(byChannel.get(d.channelId) ?? []), d]);
    await Promise.all(
      [...byChannel.values()].map(async (list) => {
        for (const d of list) await attempt(this.o.prisma, this.o.secrets, d, this.delays);
      }),
    );
  }
}

type DueDelivery = Prisma.NotificationDeliveryGetPayload<{ include: { channel: true } }>;

/** One try; records sent, failed (with the next attempt's time) or dead. Returns the error, if any. */
export async function attempt(
  prisma: PrismaClient,
  secrets: SecretBox,
  d: DueDelivery,
  delays: number[] = DEFAULT_RETRY_DELAYS_MS,
): Promise<string | null> {
  const attempts = d.attempts + 1;
  try {
    if (!d.channel.enabled && d.event !== 'test') throw new Error('the channel is disabled');
    await deliver(secrets, d.channel, d.payload as unknown as NotificationPayload);
    await prisma.notificationDelivery.update({
      where: { id: d.id },
      data: { status: 'sent', attempts, sentAt: new Date(), lastError: null },
    });
    return null;
  } catch (e) {
    const error = errorMessage(e).slice(0, 1000);
    // A test is tried once: its error is shown to whoever pressed the button.
    const delay = d.event === 'test' ? undefined : delays[attempts - 1];
    await prisma.notificationDelivery.update({
      where: { id: d.id },
      data: {
        status: delay === undefined ? 'dead' : 'failed',
        attempts,
        lastError: error,
        nextAttemptAt: new Date(Date.now() + (delay ?? 0)),
      },
    });
    return error;
  }
}
