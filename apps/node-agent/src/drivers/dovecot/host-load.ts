// CPU, memory and disk of the machine the agent shares with Dovecot or Postfix: neither reports
// them, and the node's load is the host's.
import { statfsSync } from 'node:fs';
import os from 'node:os';

interface CpuSample {
  idle: number;
  total: number;
}

function sample(): CpuSample {
  let idle = 0;
  let total = 0;
  for (const cpu of os.cpus()) {
    const t = cpu.times;
    idle += t.idle;
    total += t.user + t.nice + t.sys + t.irq + t.idle;
  }
  return { idle, total };
}

/** Shorter windows than this are mostly noise (a few clock ticks): keep the previous figure. */
const MIN_WINDOW_MS = 500;
/** A file system's fill level moves slowly: one statfs every few seconds is plenty. */
const DISK_EVERY_MS = 5_000;

export class HostLoad {
  private last = sample();
  private lastAt = Date.now();
  private percent = 0;

  /** CPU busy share over the last window of at least MIN_WINDOW_MS (the first since construction). */
  cpuPercent(): number {
    if (Date.now() - this.lastAt < MIN_WINDOW_MS) return this.percent;
    const now = sample();
    const total = now.total - this.last.total;
    if (total > 0) {
      this.lastAt = Date.now();
      this.percent = Math.round(Math.min(100, Math.max(0, (1 - (now.idle - this.last.idle) / total) * 100)) * 10) / 10;
      this.last = now;
    }
    return this.percent;
  }

  memory(): { usedBytes: number; totalBytes: number } {
    const totalBytes = os.totalmem();
    return { usedBytes: Math.max(0, totalBytes - os.freemem()), totalBytes };
  }

  private diskAt = 0;
  private diskFigure: { usedBytes: number; totalBytes: number } | null = null;

  /**
   * Used and total bytes of the file system holding `dir`, as `df` counts them (used = total - free,
   * including root's reserve); null when it cannot be read (the finding then stays silent, not wrong).
   */
  disk(dir: string): { usedBytes: number; totalBytes: number } | null {
    if (Date.now() - this.diskAt < DISK_EVERY_MS) return this.diskFigure;
    this.diskAt = Date.now();
    try {
      const st = statfsSync(dir);
      const totalBytes = st.blocks * st.bsize;
      this.diskFigure = { usedBytes: Math.max(0, totalBytes - st.bfree * st.bsize), totalBytes };
    } catch {
      this.diskFigure = null;
    }
    return this.diskFigure;
  }
}
