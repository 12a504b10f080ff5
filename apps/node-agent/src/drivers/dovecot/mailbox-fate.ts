// What happens to a deleted account's mailbox on the shared storage: kept, moved to
// <mail_root>/_archive/<folder>/<domain>/<id>, or removed. Every backend receives the same
// revision and tries; a rename is atomic, so exactly one of them moves the mailbox and the others
// find it gone (that is "done"). Removal first renames the mailbox out of the way for the same reason.
import { randomBytes } from 'node:crypto';
import { mkdir, rename, rm, stat } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { AccountChange } from '@cc/node-api';
import { homeOf, splitAddress } from './mail-users';

export const ARCHIVE_DIR = '_archive';

const exists = (path: string) =>
  stat(path).then(
    () => true,
    () => false,
  );

/** Moves `from` to `to`; false when `from` is gone already (another backend did it). */
async function moveOnce(from: string, to: string): Promise<boolean> {
  await mkdir(dirname(to), { recursive: true, mode: 0o750 });
  try {
    await rename(from, to);
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw err;
  }
}

/** Carries out `change.deleted` (idempotent); resolves with what was done, for the log. */
export async function carryOutDeletion(
  mailRoot: string,
  change: AccountChange,
): Promise<'kept' | 'archived' | 'removed' | 'gone already'> {
  const deleted = change.deleted;
  const parts = splitAddress(change.address);
  if (!deleted || deleted.mailbox === 'keep' || !parts) return 'kept';
  const home = homeOf(mailRoot, parts.domain, change);
  if (deleted.mailbox === 'archive') {
    let target = `${mailRoot}/${ARCHIVE_DIR}/${deleted.archiveFolder}/${parts.domain}/${change.id ?? parts.local}`;
    // Never merge into an older archive of the same name.
    if ((await exists(home)) && (await exists(target))) target = `${target}.${Date.now()}`;
    return (await moveOnce(home, target)) ? 'archived' : 'gone already';
  }
  const trash = `${mailRoot}/${ARCHIVE_DIR}/.removing/${parts.domain}.${change.id ?? parts.local}.${randomBytes(4).toString('hex')}`;
  if (!(await moveOnce(home, trash))) return 'gone already';
  await rm(trash, { recursive: true, force: true });
  return 'removed';
}
