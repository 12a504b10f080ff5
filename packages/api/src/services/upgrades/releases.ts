// The release catalog: the versions the wizard offers and the restrictions it enforces. The data
// file in this directory is the source; every console start copies it into the database (the file
// wins), so all console processes and the audit trail agree on what a release allowed.
import { z } from 'zod';

import type { PrismaClient, ReleaseModel as Release } from '@cc/db';

import catalog from './releases.json' with { type: 'json' };
import { compareVersions, isVersion } from './versions';

const ZVersion = z.string().refine(isVersion, 'must be a semantic version such as 1.2.0');

export const ZReleaseEntry = z.strictObject({
  version: ZVersion,
  releasedAt: z.iso.datetime({ offset: true }),
  notes: z.string().min(1).max(4000),
  minFromVersion: ZVersion.nullable(),
  frontendsAfterBackends: z.boolean(),
  maxMixedHours: z
    .number()
    .int()
    .min(1)
    .max(24 * 90)
    .nullable(),
});
export type ReleaseEntry = z.infer<typeof ZReleaseEntry>;

/** Parses a catalog; a broken file must stop the console at start, not surface mid-upgrade. */
export function parseCatalog(data: unknown): ReleaseEntry[] {
  const entries = z.array(ZReleaseEntry).parse(data);
  const seen = new Set<string>();
  for (const e of entries) {
    if (seen.has(e.version)) throw new Error(`release catalog: version ${e.version} is listed twice`);
    seen.add(e.version);
    if (e.minFromVersion && compareVersions(e.minFromVersion, e.version) >= 0)
      throw new Error(`release catalog: ${e.version} cannot require upgrading from ${e.minFromVersion} or later`);
  }
  return entries.sort((a, b) => compareVersions(a.version, b.version));
}

export const RELEASES: readonly ReleaseEntry[] = parseCatalog(catalog);

/** Copies the catalog into the database; releases no longer in the file are kept (runs refer to them). */
export async function seedReleases(prisma: PrismaClient, entries: readonly ReleaseEntry[] = RELEASES) {
  for (const e of entries) {
    const data = { ...e, releasedAt: new Date(e.releasedAt) };
    await prisma.release.upsert({ where: { version: e.version }, create: data, update: data });
  }
}

/** Newest first, as the wizard lists them. */
export async function listReleases(prisma: PrismaClient): Promise<Release[]> {
  const rows = await prisma.release.findMany();
  return rows.sort((a, b) => compareVersions(b.version, a.version));
}
