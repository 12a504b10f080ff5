// Files Dovecot and Postfix read while they run are replaced whole: write a temp file beside the
// target, fsync it, rename it over the target, fsync the directory. A crash leaves the old file or
// the new one, never part of one (leftover temp files are named .tmp.* and removed on the next write).
import { open, readdir, readFile, rename, rm, stat, utimes } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

const TMP_PREFIX = '.tmp.';

async function fsyncDir(dir: string): Promise<void> {
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/**
 * Replaces `file` with `text` atomically. `bumpMtime`: Dovecot 2.3 re-reads a passwd-file only when
 * its mtime (whole seconds) or size changed, so a rewrite in the same second as the last one gets the
 * old mtime + 1 s (a password change keeps the size).
 */
export async function writeAtomic(file: string, text: string, { bumpMtime = false, mode = 0o644 } = {}): Promise<void> {
  const tmp = join(dirname(file), `${TMP_PREFIX}${basename(file)}.${process.pid}`);
  const handle = await open(tmp, 'w', mode);
  try {
    await handle.writeFile(text);
    await handle.chmod(mode);
    await handle.sync();
  } finally {
    await handle.close();
  }
  if (bumpMtime) {
    const old = await stat(file).catch(() => null);
    if (old) {
      const oldSecond = Math.floor(old.mtimeMs / 1000);
      if (Math.floor(Date.now() / 1000) <= oldSecond) await utimes(tmp, oldSecond + 1, oldSecond + 1);
    }
  }
  await rename(tmp, file);
  await fsyncDir(dirname(file));
}

/** The file's text, or null when it does not exist. */
export async function readIfExists(file: string): Promise<string | null> {
  try {
    return await readFile(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw err;
  }
}

/** Temp files a killed writer left behind in `dir`. */
export async function removeLeftovers(dir: string): Promise<void> {
  const names = await readdir(dir).catch(() => [] as string[]);
  await Promise.all(names.filter((n) => n.startsWith(TMP_PREFIX)).map((n) => rm(join(dir, n), { force: true })));
}
