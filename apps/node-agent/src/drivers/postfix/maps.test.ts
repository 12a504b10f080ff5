import { describe, expect, it } from 'vitest';
import type { StoredAccount } from '../../config-store';
import { countEstablished, countQueue, renderMaps } from './maps';

const acct = (address: string): [string, StoredAccount] => [address, { address, settings: {}, enabled: true }];

describe('Postfix maps from a revision', () => {
  it('lists the shared domains and their accounts; the size limit is the largest any domain allows', () => {
    const maps = renderMaps(
      {
        revision: 1,
        defaults: { domain: { maxMessageSizeKB: 1000 }, account: {}, prefs: {} },
        domains: [
          { name: 'b.test', settings: { maxMessageSizeKB: 3000 } },
          { name: 'a.test', settings: {} },
        ],
        accounts: [],
        accountsReset: false,
        alerts: [],
      },
      new Map([acct('zed@a.test'), acct('Ann@B.test'), acct('x@gone.test'), acct('bad:name@a.test')]),
    );
    expect(maps.vdomains).toBe('a.test OK\nb.test OK\n');
    expect(maps.vmailboxes).toBe('ann@b.test OK\nzed@a.test OK\n');
    expect(maps.messageSizeLimit).toBe(3000 * 1024);
  });

  it('counts established connections to the listener from /proc/net/tcp', () => {
    const tcp = [
      '  sl  local_address rem_address   st tx_queue rx_queue',
      '   0: 0D00007F:09C5 00000000:0000 0A 00000000:00000000', // 127.0.0.13:2501 listening
      '   1: 0D00007F:09C5 0E00007F:D431 01 00000000:00000000', // established
      '   2: 0D00007F:09C5 0E00007F:D432 06 00000000:00000000', // TIME_WAIT
      '   3: 0100007F:09C5 0E00007F:D433 01 00000000:00000000', // another address
    ].join('\n');
    expect(countEstablished(tcp, '127.0.0.13', 2501)).toBe(1);
  });

  it('counts `postqueue -j` lines per queue', () => {
    const lines = ['{"queue_name":"deferred"}', '{"queue_name":"active"}', '{"queue_name":"incoming"}', ''].join('\n');
    expect(countQueue(lines)).toEqual({ active: 1, deferred: 1, total: 3 });
  });
});
