// Controller election among backends, as a pure function so every rule can be
// table-tested. Each backend runs it on its own view of the live backends
// (itself included); views converge within a poll round or two, and the
// rules only ever move a role when its holder is gone or duplicated, so the
// outcome is sticky and does not flap.

export type BackendRole = 'controller' | 'backup' | 'member';

export interface Candidate {
  name: string;
  /** What the node currently reports. A freshly started node claims 'member'. */
  claim: BackendRole;
}

const byName = (a: Candidate, b: Candidate) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);

/** Roles for all live backends, keyed by name. */
export function electRoles(liveBackends: readonly Candidate[]): Map<string, BackendRole> {
  const sorted = [...liveBackends].sort(byName);
  const first = (pred: (c: Candidate) => boolean) => sorted.find(pred)?.name;

  // An existing controller keeps the role; among several claimants the lowest
  // name wins. Otherwise the backup takes over, else the lowest name.
  const claimedController = first((c) => c.claim === 'controller');
  const controller = claimedController ?? first((c) => c.claim === 'backup') ?? sorted[0]?.name;
  // Same stickiness for the backup; a promoted backup leaves the slot free. During a hand-over (no
  // live node claims Controller yet) nobody is promoted to Backup: a member that noticed the death
  // first would otherwise claim Backup too and, winning the name tie-break, demote the Backup that is
  // about to take over. The new Backup is chosen once the new Controller claims.
  const backup = claimedController
    ? (first((c) => c.name !== controller && c.claim === 'backup') ?? first((c) => c.name !== controller))
    : first((c) => c.name !== controller && c.claim === 'backup');

  const roles = new Map<string, BackendRole>();
  for (const c of sorted) {
    roles.set(c.name, c.name === controller ? 'controller' : c.name === backup ? 'backup' : 'member');
  }
  return roles;
}
