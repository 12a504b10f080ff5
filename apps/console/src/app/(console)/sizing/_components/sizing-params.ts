// Where the planner's inputs come from and go to: the live cluster's figures when the page opens
// bare, the URL's search params when it carries them (a reload or a shared link keeps the plan).
import { DEFAULT_SIZING_INPUT, type TSizingInput } from '@cc/sizing';

export const SIZING_FIELDS = [
  'accounts',
  'largestDomainAccounts',
  'sessions',
  'imapPercent',
  'popPercent',
  'webUserPercent',
  'smtpPercent',
  'highAvailability',
  'growthPercentPerYear',
  'horizonYears',
] as const satisfies readonly (keyof TSizingInput)[];

/** The live figures the server counts (cluster.sizingBaseline). */
export interface LiveFigures {
  accounts: number;
  largestDomainAccounts: number;
  backends: number;
  sessions: { total: number; imap: number; pop: number; smtp: number; http: number };
}

/** Shares of `parts` in whole percent that add up to exactly 100 (largest remainders get the rest). */
export function wholePercents(parts: readonly number[]): number[] {
  const total = parts.reduce((a, b) => a + b, 0);
  if (total <= 0) return parts.map(() => 0);
  const exact = parts.map((p) => (p / total) * 100);
  const out = exact.map(Math.floor);
  const order = exact.map((e, i) => [e - Math.floor(e), i] as const).sort((a, b) => b[0] - a[0]);
  for (let k = 0, left = 100 - out.reduce((a, b) => a + b, 0); k < left; k++) out[order[k]![1]]! += 1;
  return out;
}

/** The planner's inputs for the cluster as it runs now; growth and horizon keep the defaults. */
export function liveInput(live: LiveFigures): TSizingInput {
  const s = live.sessions;
  const [imapPercent, popPercent, webUserPercent, smtpPercent] =
    s.total > 0
      ? wholePercents([s.imap, s.pop, s.http, s.smtp])
      : [
          DEFAULT_SIZING_INPUT.imapPercent,
          DEFAULT_SIZING_INPUT.popPercent,
          DEFAULT_SIZING_INPUT.webUserPercent,
          DEFAULT_SIZING_INPUT.smtpPercent,
        ];
  return {
    ...DEFAULT_SIZING_INPUT,
    // The planner needs at least one account; an empty cluster plans for one.
    accounts: Math.max(1, live.accounts),
    largestDomainAccounts: live.largestDomainAccounts,
    sessions: s.total,
    imapPercent: imapPercent!,
    popPercent: popPercent!,
    webUserPercent: webUserPercent!,
    smtpPercent: smtpPercent!,
    highAvailability: live.backends >= 2,
  };
}

/** The inputs the URL carries over `base`; `fromUrl` when it carries any. Empty or bad numbers stay NaN. */
export function inputFromParams(
  params: Pick<URLSearchParams, 'get'>,
  base: TSizingInput,
): { input: TSizingInput; fromUrl: boolean } {
  const input = { ...base };
  let fromUrl = false;
  for (const field of SIZING_FIELDS) {
    const raw = params.get(field);
    if (raw === null) continue;
    fromUrl = true;
    if (field === 'highAvailability') input.highAvailability = raw === 'true' || raw === '1';
    else input[field] = raw.trim() === '' ? Number.NaN : Number(raw);
  }
  return { input, fromUrl };
}

/** Every input as a search param, in a fixed order (NaN, a field left empty, as ''). */
export function paramsOf(input: TSizingInput): string {
  const params = new URLSearchParams();
  for (const field of SIZING_FIELDS) {
    const v = input[field];
    params.set(field, typeof v === 'number' && Number.isNaN(v) ? '' : String(v));
  }
  return params.toString();
}
