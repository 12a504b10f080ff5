// `npm run audit:verify`: checks the audit log's hash chain in the console's
// database (DATABASE_URL, else the embedded PGlite in CC_DATA_DIR; stop the
// console first then, PGlite is single-process). Exit 0 intact, 1 broken, 2 error.
//   --from=<id>   start at this entry, trusting its link
//   --archives    also re-read the retention archive files kept on this host
import fs from 'node:fs';
import os from 'node:os';

import { openDatabase, type PrismaClient } from '@cc/db';

import { readEnv } from './env';
import { errorMessage } from './errors';
import { verifyArchiveFile } from './services/audit/archive';
import { GENESIS_HASH } from './services/audit/chain';
import { verifyAuditChain } from './services/audit/verify';

export async function runAuditVerify(argv: string[], print: (line: string) => void = console.log): Promise<number> {
  const from = argv.find((a) => a.startsWith('--from='))?.slice('--from='.length);
  if (from !== undefined && !/^\d+$/.test(from)) {
    print('usage: audit:verify [--from=<entry id>] [--archives]');
    return 2;
  }
  let db: Awaited<ReturnType<typeof openDatabase>> | null = null;
  try {
    // As the console opens it (env.ts; PGlite in CC_DATA_DIR), without migrating: a check only reads.
    db = await openDatabase({ url: readEnv().DATABASE_URL, migrate: false });
    let broken = false;
    if (argv.includes('--archives')) broken = !(await verifyArchives(db.prisma, print));
    const started = Date.now();
    const result = await verifyAuditChain(db.prisma, from === undefined ? {} : { fromId: BigInt(from) });
    const took = `${((Date.now() - started) / 1000).toFixed(1)} s`;
    const legacy = result.unchained ? `, ${result.unchained} older entries without hashes` : '';
    if (result.intact) print(`chain intact (${result.checked} entries${legacy}; ${db.description}; ${took})`);
    else print(`broken at entry ${result.brokenAt}: ${result.reason}`);
    return result.intact && !broken ? 0 : 1;
  } catch (e) {
    print(`audit:verify failed: ${errorMessage(e)}`);
    return 2;
  } finally {
    await db?.close();
  }
}

/** Each archive file: present here, its sha256, every link inside, and its joins to its neighbours. */
async function verifyArchives(prisma: PrismaClient, print: (line: string) => void): Promise<boolean> {
  const archives = await prisma.auditArchive.findMany({ orderBy: { lastId: 'asc' } });
  let ok = true;
  let previous = GENESIS_HASH;
  for (const a of archives) {
    const name = `archive ${a.firstId}-${a.lastId}`;
    if (a.firstPrevHash !== previous && a.firstPrevHash !== '') {
      print(`${name}: does not join the archive before it`);
      ok = false;
    }
    previous = a.lastHash || previous;
    if (a.host !== os.hostname() || !fs.existsSync(a.path)) {
      print(`${name}: skipped (file ${a.path} is on ${a.host})`);
      continue;
    }
    const file = await verifyArchiveFile(a.path, a.firstPrevHash || GENESIS_HASH);
    const problems = [
      file.sha256 !== a.fileSha256 && 'file digest differs',
      file.count !== a.count && `${file.count} entries, ${a.count} recorded`,
      file.brokenAt !== null && `broken at entry ${file.brokenAt}`,
      file.brokenAt === null && file.lastHash !== a.lastHash && 'last hash differs',
    ].filter(Boolean);
    print(`${name}: ${problems.length ? problems.join('; ') : `intact (${a.count} entries)`}`);
    if (problems.length) ok = false;
  }
  return ok;
}
