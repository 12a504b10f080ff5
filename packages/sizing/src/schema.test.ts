import { describe, expect, it } from 'vitest';

import { DEFAULT_SIZING_INPUT, sizingFieldErrors, ZSizingInput } from './schema';

const d = DEFAULT_SIZING_INPUT;

describe('ZSizingInput', () => {
  it('accepts the defaults', () => {
    expect(ZSizingInput.safeParse(d).success).toBe(true);
    expect(sizingFieldErrors(d)).toEqual({});
  });

  it('names the field for each bad value', () => {
    expect(sizingFieldErrors({ ...d, accounts: Number.NaN })).toEqual({ accounts: ['Enter the number of accounts.'] });
    expect(sizingFieldErrors({ ...d, accounts: undefined }).accounts).toEqual(['Enter the number of accounts.']);
    expect(sizingFieldErrors({ ...d, accounts: 0 }).accounts).toEqual(['At least 1.']);
    expect(sizingFieldErrors({ ...d, accounts: 100.5 }).accounts).toEqual(['Enter a whole number.']);
    expect(sizingFieldErrors({ ...d, accounts: 60_000_000 }).accounts).toEqual(['At most 50,000,000.']);
    expect(sizingFieldErrors({ ...d, imapPercent: 120 }).imapPercent).toEqual(['At most 100 %.']);
    expect(sizingFieldErrors({ ...d, popPercent: -1 }).popPercent).toEqual(['At least 0 %.']);
    expect(sizingFieldErrors({ ...d, growthPercentPerYear: 150 }).growthPercentPerYear).toEqual(['At most 100 %.']);
    expect(sizingFieldErrors({ ...d, horizonYears: 11 }).horizonYears).toEqual(['At most 10 years.']);
    expect(sizingFieldErrors({ ...d, horizonYears: 1.5 }).horizonYears).toEqual(['Enter whole years.']);
  });

  it('checks the fields against each other', () => {
    expect(sizingFieldErrors({ ...d, largestDomainAccounts: d.accounts + 1 })).toEqual({
      largestDomainAccounts: ['A domain cannot have more accounts than the whole site.'],
    });
    expect(sizingFieldErrors({ ...d, sessions: d.accounts * 10 + 1 }).sessions).toEqual([
      'More than 10 sessions per account: check the numbers.',
    ]);
    expect(sizingFieldErrors({ ...d, imapPercent: 50 })).toEqual({
      mix: ['The session mix must add up to 100 % (now 95 %).'],
    });
  });

  it('tolerates decimal shares that add up to 100', () => {
    const thirds = { ...d, imapPercent: 33.3, popPercent: 33.3, webUserPercent: 33.4, smtpPercent: 0 };
    expect(ZSizingInput.safeParse(thirds).success).toBe(true);
  });
});
