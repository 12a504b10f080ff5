'use client';

import { Progress as ProgressPrimitive } from 'radix-ui';

import { cn } from './cn';

const TONE = {
  primary: 'bg-primary',
  success: 'bg-success',
  warning: 'bg-warning',
  danger: 'bg-danger',
} as const;

/** A bar for `value` of `max`; the accessible name comes from `label`. */
export function Progress({
  value,
  max = 100,
  label,
  tone = 'primary',
  className,
}: {
  value: number;
  max?: number;
  label: string;
  tone?: keyof typeof TONE;
  className?: string;
}) {
  const clamped = Math.min(max, Math.max(0, value));
  const pct = max > 0 ? (clamped / max) * 100 : 0;
  return (
    <ProgressPrimitive.Root
      value={clamped}
      max={max}
      aria-label={label}
      className={cn('relative h-1.5 w-full overflow-hidden rounded-full bg-muted', className)}
    >
      <ProgressPrimitive.Indicator
        className={cn('h-full transition-[width]', TONE[tone])}
        style={{ width: `${pct}%` }}
      />
    </ProgressPrimitive.Root>
  );
}
