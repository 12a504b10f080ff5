import { z } from 'zod';

/** CGP's "Static Cluster of Dynamic Clusters" starts at 5,000,000; ten times that is surely a typo. */
export const MAX_ACCOUNTS = 50_000_000;
/** Several devices per user each hold sessions; more than this per account is surely a typo. */
export const MAX_SESSIONS_PER_ACCOUNT = 10;
export const MAX_GROWTH_PERCENT = 100;
export const MAX_HORIZON_YEARS = 10;

const count = (label: string, min: number) =>
  z
    .number({ error: `Enter the ${label}.` })
    .int('Enter a whole number.')
    .min(min, `At least ${min.toLocaleString('en-US')}.`)
    .max(MAX_ACCOUNTS, `At most ${MAX_ACCOUNTS.toLocaleString('en-US')}.`);

const percent = z.number({ error: 'Enter a percentage.' }).min(0, 'At least 0 %.').max(100, 'At most 100 %.');

/** Field names double as form field names: errors come back keyed by them. */
export const ZSizingInput = z
  .object({
    accounts: count('number of accounts', 1),
    largestDomainAccounts: count('accounts of the largest domain', 0),
    sessions: count('expected concurrent sessions', 0),
    imapPercent: percent,
    popPercent: percent,
    webUserPercent: percent,
    smtpPercent: percent,
    highAvailability: z.boolean(),
    growthPercentPerYear: z
      .number({ error: 'Enter the yearly growth.' })
      .min(0, 'At least 0 %.')
      .max(MAX_GROWTH_PERCENT, `At most ${MAX_GROWTH_PERCENT} %.`),
    horizonYears: z
      .number({ error: 'Enter the planning horizon.' })
      .int('Enter whole years.')
      .min(0, 'At least 0 years.')
      .max(MAX_HORIZON_YEARS, `At most ${MAX_HORIZON_YEARS} years.`),
  })
  .superRefine((v, ctx) => {
    if (v.largestDomainAccounts > v.accounts) {
      ctx.addIssue({
        code: 'custom',
        path: ['largestDomainAccounts'],
        message: 'A domain cannot have more accounts than the whole site.',
      });
    }
    if (v.sessions > v.accounts * MAX_SESSIONS_PER_ACCOUNT) {
      ctx.addIssue({
        code: 'custom',
        path: ['sessions'],
        message: `More than ${MAX_SESSIONS_PER_ACCOUNT} sessions per account: check the numbers.`,
      });
    }
    const mix = v.imapPercent + v.popPercent + v.webUserPercent + v.smtpPercent;
    // Tolerate decimal inputs such as 33.3 + 33.3 + 33.4.
    if (Math.abs(mix - 100) > 0.01) {
      ctx.addIssue({
        code: 'custom',
        path: ['mix'],
        message: `The session mix must add up to 100 % (now ${Math.round(mix * 100) / 100} %).`,
      });
    }
  });

export type TSizingInput = z.infer<typeof ZSizingInput>;

/** A mid-sized site: the form opens with these. */
export const DEFAULT_SIZING_INPUT: TSizingInput = {
  accounts: 20_000,
  largestDomainAccounts: 12_000,
  sessions: 6_000,
  imapPercent: 55,
  popPercent: 5,
  webUserPercent: 25,
  smtpPercent: 15,
  highAvailability: true,
  growthPercentPerYear: 10,
  horizonYears: 3,
};

/** Field errors keyed by field name ('mix' for the protocol shares together); empty when valid. */
export function sizingFieldErrors(input: unknown): Record<string, string[]> {
  const result = ZSizingInput.safeParse(input);
  if (result.success) return {};
  const out: Record<string, string[]> = {};
  for (const issue of result.error.issues) {
    const key = String(issue.path[0] ?? 'form');
    (out[key] ??= []).push(issue.message);
  }
  return out;
}
