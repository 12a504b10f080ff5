import os from 'node:os';

import { describe, expect, it } from 'vitest';

import { HostLoad } from './host-load';

describe('HostLoad.disk', () => {
  it('measures the file system holding a directory, as df does', () => {
    const disk = new HostLoad().disk(os.tmpdir());
    expect(disk).not.toBeNull();
    expect(disk!.totalBytes).toBeGreaterThan(0);
    expect(disk!.usedBytes).toBeGreaterThanOrEqual(0);
    expect(disk!.usedBytes).toBeLessThanOrEqual(disk!.totalBytes);
  });

  it('answers null for a directory it cannot read, so the disk finding stays silent rather than wrong', () => {
    expect(new HostLoad().disk('/no/such/directory/anywhere')).toBeNull();
  });
});
