import { cva, type VariantProps } from 'class-variance-authority';
import type { HTMLAttributes } from 'react';

import { cn } from './cn';

export const badgeVariants = cva(
  'inline-flex shrink-0 items-center gap-1.5 whitespace-nowrap rounded border px-1.5 py-px text-xs font-medium',
  {
    variants: {
      tone: {
        neutral: 'border-input bg-muted text-secondary-foreground',
        info: 'border-info-border bg-info-soft text-info-strong',
        success: 'border-success-border bg-success-soft text-success-strong',
        warning: 'border-warning-border bg-warning-soft text-warning-strong',
        danger: 'border-danger-border bg-danger-soft text-danger-strong',
        primary: 'border-transparent bg-primary text-primary-foreground',
        outline: 'border-input bg-transparent text-muted-foreground',
      },
    },
    defaultVariants: { tone: 'neutral' },
  },
);

export type BadgeTone = NonNullable<VariantProps<typeof badgeVariants>['tone']>;

export interface BadgeProps extends HTMLAttributes<HTMLSpanElement>, VariantProps<typeof badgeVariants> {}

export function Badge({ className, tone, ...props }: BadgeProps) {
  return <span className={cn(badgeVariants({ tone }), className)} {...props} />;
}

/** The small coloured dot a status badge starts with (decorative: the text says the state). */
export function StatusDot({ className }: { className?: string }) {
  return <span aria-hidden className={cn('size-1.5 rounded-full bg-current', className)} />;
}
