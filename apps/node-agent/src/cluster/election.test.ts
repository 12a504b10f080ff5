import { describe, expect, it } from 'vitest';
import { electRoles, type BackendRole, type Candidate } from './election';

const c = (name: string, claim: BackendRole = 'member'): Candidate => ({ name, claim });
const roles = (cands: Candidate[]) => Object.fromEntries(electRoles(cands));

describe('electRoles', () => {
  it.each<[string, Candidate[], Record<string, BackendRole>]>([
    ['nobody alive', [], {}],
    ['a lone backend is controller', [c('b1')], { b1: 'controller' }],
    [
      'fresh cluster, first round: lowest name becomes controller, no backup yet',
      [c('b3'), c('b1'), c('b2')],
      { b1: 'controller', b2: 'member', b3: 'member' },
    ],
    [
      'fresh cluster, next round: the next name becomes backup',
      [c('b3'), c('b1', 'controller'), c('b2')],
      { b1: 'controller', b2: 'backup', b3: 'member' },
    ],
    [
      'stable roles are kept',
      [c('b1', 'member'), c('b2', 'controller'), c('b3', 'backup')],
      { b1: 'member', b2: 'controller', b3: 'backup' },
    ],
    [
      'controller gone: backup takes over; members wait for its claim before one becomes backup',
      [c('b1', 'member'), c('b3', 'backup'), c('b4', 'member')],
      { b3: 'controller', b1: 'member', b4: 'member' },
    ],
    [
      'controller gone, next round: lowest other becomes backup',
      [c('b1', 'member'), c('b3', 'controller'), c('b4', 'member')],
      { b3: 'controller', b1: 'backup', b4: 'member' },
    ],
    [
      // Regression: b1 saw the controller die before the backup b3 did. Had b1 claimed backup, b3
      // (still seeing b2 alive) would have lost the backup tie-break to b1 and b1 would have taken over.
      'a member that notices the death first never claims backup while the backup still sees a controller',
      [c('b1', 'member'), c('b2', 'controller'), c('b3', 'backup')],
      { b1: 'member', b2: 'controller', b3: 'backup' },
    ],
    [
      'returning old controller (claims nothing) does not steal the role',
      [c('b1'), c('b2', 'controller'), c('b3', 'backup')],
      { b1: 'member', b2: 'controller', b3: 'backup' },
    ],
    [
      'backup gone: lowest non-controller becomes backup',
      [c('b1', 'controller'), c('b3'), c('b2')],
      { b1: 'controller', b2: 'backup', b3: 'member' },
    ],
    [
      'two controllers (healed split): lowest name wins',
      [c('b2', 'controller'), c('b1', 'controller'), c('b3', 'backup')],
      { b1: 'controller', b2: 'member', b3: 'backup' },
    ],
    [
      'two controllers and no backup: loser becomes backup',
      [c('b2', 'controller'), c('b1', 'controller')],
      { b1: 'controller', b2: 'backup' },
    ],
    [
      'two backups, no controller: lowest backup promoted, other keeps backup',
      [c('b2', 'backup'), c('b3', 'backup'), c('b1')],
      { b2: 'controller', b3: 'backup', b1: 'member' },
    ],
    [
      'two backups with a controller: lowest backup stays',
      [c('b1', 'controller'), c('b3', 'backup'), c('b2', 'backup')],
      { b1: 'controller', b2: 'backup', b3: 'member' },
    ],
    ['only a member left', [c('b5', 'member')], { b5: 'controller' }],
  ])('%s', (_label, candidates, expected) => {
    expect(roles(candidates)).toEqual(expected);
  });

  it('gives the same answer whatever the input order', () => {
    const cands = [c('b4', 'backup'), c('b2'), c('b9'), c('b1'), c('b3')];
    const expected = roles(cands);
    for (let i = 0; i < 10; i++) {
      const shuffled = [...cands].sort(() => Math.random() - 0.5);
      expect(roles(shuffled)).toEqual(expected);
    }
  });
});
