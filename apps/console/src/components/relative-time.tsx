'use client';

import { useSyncExternalStore } from 'react';

import { formatAge, formatDuration } from './format';

/**
 * One shared clock for every ticking age on the page: a single interval instead of one per cell,
 * and it only runs while something is subscribed.
 */
const TICK_MS = 200;
const listeners = new Set<() => void>();
let now = 0;
let timer: ReturnType<typeof setInterval> | undefined;

function subscribe(listener: () => void) {
  listeners.add(listener);
  if (!timer) {
    now = Date.now();
    timer = setInterval(() => {
      now = Date.now();
      for (const l of listeners) l();
    }, TICK_MS);
  }
  return () => {
    listeners.delete(listener);
    if (listeners.size === 0 && timer) {
      clearInterval(timer);
      timer = undefined;
    }
  };
}

// Must be stable between ticks (React compares snapshots); subscribe() refreshes it on first use.
const getSnapshot = () => now;
// Server output must not depend on the time of rendering; 0 means "not known yet".
const getServerSnapshot = () => 0;

export function useNow(): number {
  return useSyncExternalStore(subscribe, getSnapshot, getServerSnapshot);
}

/** "0.8 s ago", ticking. `title` carries the absolute time (or extra context supplied by the caller). */
export function RelativeTime({ date, title, className }: { date: Date | null; title?: string; className?: string }) {
  const current = useNow();
  if (!date)
    return (
      <span className={className} title={title}>
        never
      </span>
    );
  return (
    <time dateTime={date.toISOString()} title={title ?? date.toISOString()} className={className}>
      {current === 0 ? '…' : formatAge(current - date.getTime())}
    </time>
  );
}

/** Time since `date` as a duration ("3 d 4 h"), ticking. */
export function Uptime({ date }: { date: Date | null }) {
  const current = useNow();
  if (!date) return <span>—</span>;
  return <span title={date.toISOString()}>{current === 0 ? '…' : formatDuration(current - date.getTime())}</span>;
}
