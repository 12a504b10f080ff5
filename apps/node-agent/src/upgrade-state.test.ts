import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from './test-helpers';
import { UPGRADE_FILE, UpgradeStore } from './upgrade-state';

const T0 = new Date('2026-03-01T10:00:00.000Z');
const T1 = new Date('2026-03-01T10:00:05.000Z');
const onDisk = async (dir: string) => JSON.parse(await readFile(join(dir, UPGRADE_FILE), 'utf8')) as unknown;

describe('UpgradeStore', () => {
  it('starts idle at the launch version and writes nothing', async () => {
    const dir = await tempDir();
    const store = await UpgradeStore.load(dir, '1.0.0');
    expect(store.status()).toEqual({
      state: 'idle',
      version: '1.0.0',
      previous: null,
      target: null,
      startedAt: null,
      finishedAt: null,
      error: null,
    });
    expect(store.busy).toBe(false);
    await expect(readFile(join(dir, UPGRADE_FILE))).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('records an upgrade so the next start runs the target, then settles it', async () => {
    const dir = await tempDir();
    const running = await UpgradeStore.load(dir, '1.0.0');
    // This process still runs 1.0.0 while it restarts...
    expect(await running.beginUpgrade('2.0.0', T0)).toMatchObject({
      state: 'upgrading',
      version: '1.0.0',
      previous: '1.0.0',
      target: '2.0.0',
      startedAt: T0.toISOString(),
    });
    expect(running.busy).toBe(true);
    // ...the next start runs 2.0.0.
    expect(await onDisk(dir)).toMatchObject({ state: 'upgrading', version: '2.0.0', launchedAs: '1.0.0' });
    const next = await UpgradeStore.load(dir, '1.0.0');
    expect(next.version).toBe('2.0.0');
    expect(next.busy).toBe(true);
    expect(await next.finish(null, T1)).toEqual({
      state: 'healthy',
      version: '2.0.0',
      previous: '1.0.0',
      target: '2.0.0',
      startedAt: T0.toISOString(),
      finishedAt: T1.toISOString(),
      error: null,
    });
    // A later plain start keeps the upgraded version.
    expect((await UpgradeStore.load(dir, '1.0.0')).status()).toMatchObject({ state: 'healthy', version: '2.0.0' });
  });

  it('rolls back to the previous version, after which there is nothing further to roll back to', async () => {
    const dir = await tempDir();
    await (await UpgradeStore.load(dir, '1.0.0')).beginUpgrade('2.0.1', T0);
    const failed = await UpgradeStore.load(dir, '1.0.0');
    await failed.finish('health check failed', T1);
    expect(failed.status()).toMatchObject({ state: 'failed', version: '2.0.1', error: 'health check failed' });

    expect(await failed.beginRollback(T1)).toMatchObject({
      state: 'rolling-back',
      version: '2.0.1',
      previous: null,
      target: '1.0.0',
      finishedAt: null,
      error: null,
    });
    const back = await UpgradeStore.load(dir, '1.0.0');
    expect(back.status()).toMatchObject({ state: 'rolling-back', version: '1.0.0', previous: null });
    await back.finish(null);
    expect(back.status()).toMatchObject({ state: 'healthy', version: '1.0.0', previous: null, target: '1.0.0' });
    await expect(back.beginRollback()).rejects.toThrow(/nothing to roll back/);
  });

  it('after a failed upgrade, another upgrade still rolls back to the last version that passed', async () => {
    const dir = await tempDir();
    await (await UpgradeStore.load(dir, '1.0.0')).beginUpgrade('2.0.1');
    const failed = await UpgradeStore.load(dir, '1.0.0');
    await failed.finish('broken');
    expect(await failed.beginUpgrade('2.0.2')).toMatchObject({ previous: '1.0.0', target: '2.0.2' });
  });

  it('gives way to a launcher that deploys another version', async () => {
    const dir = await tempDir();
    await (await UpgradeStore.load(dir, '1.0.0')).beginUpgrade('2.0.0');
    const events: Array<Record<string, unknown>> = [];
    const store = await UpgradeStore.load(dir, '3.0.0', (e) => events.push(e));
    expect(store.status()).toMatchObject({ state: 'idle', version: '3.0.0', previous: null });
    expect(events).toEqual([expect.objectContaining({ event: 'upgrade-superseded', recorded: '2.0.0' })]);
  });

  it('ignores a damaged file and runs the launch version', async () => {
    const dir = await tempDir();
    for (const text of ['{not json', JSON.stringify({ state: 'upgrading', version: 5 })]) {
      await writeFile(join(dir, UPGRADE_FILE), text);
      const events: Array<Record<string, unknown>> = [];
      const store = await UpgradeStore.load(dir, '1.0.0', (e) => events.push(e));
      expect(store.status()).toMatchObject({ state: 'idle', version: '1.0.0' });
      expect(events[0]?.event).toBe('upgrade-file-damaged');
    }
  });
});
