// The node id lives in the data directory so a restarted node is recognised
// by the console as the same node, even if its name or address changes.
import { randomUUID } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';

const ZIdentityFile = z.object({ id: z.uuid(), name: z.string(), createdAt: z.string() });
export const IDENTITY_FILE = 'node.json';

export async function loadOrCreateNodeId(dataDir: string, name: string): Promise<string> {
  const file = join(dataDir, IDENTITY_FILE);
  let text: string | undefined;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  if (text !== undefined) {
    let parsed: z.ZodSafeParseResult<z.infer<typeof ZIdentityFile>>;
    try {
      parsed = ZIdentityFile.safeParse(JSON.parse(text));
    } catch {
      parsed = ZIdentityFile.safeParse(undefined);
    }
    // Refuse to silently mint a new identity: the console would see a new node.
    if (!parsed.success) throw new Error(`${file} is damaged; restore it or delete it to give the node a new identity`);
    return parsed.data.id;
  }
  const identity = { id: randomUUID(), name, createdAt: new Date().toISOString() };
  await mkdir(dataDir, { recursive: true, mode: 0o700 });
  // Write-then-rename so a crash never leaves a half-written identity.
  const tmp = `${file}.${process.pid}.tmp`;
  await writeFile(tmp, `${JSON.stringify(identity, null, 2)}\n`, { mode: 0o600 });
  await rename(tmp, file);
  return identity.id;
}
