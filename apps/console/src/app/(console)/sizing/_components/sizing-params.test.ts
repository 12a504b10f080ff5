import { describe, expect, it } from 'vitest';

import { DEFAULT_SIZING_INPUT, ZSizingInput } from '@cc/sizing';

import { inputFromParams, liveInput, paramsOf, wholePercents } from './sizing-params';

const live = {
  accounts: 1234,
  largestDomainAccounts: 800,
  backends: 3,
  sessions: { total: 300, imap: 200, pop: 10, smtp: 40, http: 50 },
};

describe('sizing inputs', () => {
  it('start from the live cluster: its accounts, sessions and session mix', () => {
    const input = liveInput(live);
    expect(input).toMatchObject({
      accounts: 1234,
      largestDomainAccounts: 800,
      sessions: 300,
      imapPercent: 67,
      popPercent: 3,
      webUserPercent: 17,
      smtpPercent: 13,
      highAvailability: true,
    });
    expect(ZSizingInput.safeParse(input).success).toBe(true);
  });

  it('keep the default mix and plan for one account on an empty cluster', () => {
    const input = liveInput({
      ...live,
      accounts: 0,
      largestDomainAccounts: 0,
      backends: 1,
      sessions: { total: 0, imap: 0, pop: 0, smtp: 0, http: 0 },
    });
    expect(input).toMatchObject({
      accounts: 1,
      sessions: 0,
      imapPercent: DEFAULT_SIZING_INPUT.imapPercent,
      highAvailability: false,
    });
  });

  it('rounds shares to whole percents that add up to 100', () => {
    expect(wholePercents([1, 1, 1])).toEqual([34, 33, 33]);
    expect(wholePercents([0, 0])).toEqual([0, 0]);
  });

  it('survive a round trip through the URL, a field left empty included', () => {
    const input = { ...liveInput(live), horizonYears: Number.NaN };
    const params = new URLSearchParams(paramsOf(input));
    expect(params.get('horizonYears')).toBe('');
    const back = inputFromParams(params, DEFAULT_SIZING_INPUT);
    expect(back.fromUrl).toBe(true);
    expect(back.input).toEqual(input);
    expect(inputFromParams(new URLSearchParams(''), DEFAULT_SIZING_INPUT)).toEqual({
      input: DEFAULT_SIZING_INPUT,
      fromUrl: false,
    });
  });
});
