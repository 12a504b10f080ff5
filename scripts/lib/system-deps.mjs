// What the test suite needs from the operating system, installed before any runner starts: as root on
// Debian it runs apt-get for what is missing; anywhere else it stops at once with the one command to run.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';

/** Debian packages per need; `present` says whether the machine has it already. */
export const NEEDS = [
  {
    name: 'Chromium (end-to-end specs)',
    packages: ['chromium'],
    present: (env) => fs.existsSync(env.CHROMIUM_PATH ?? '/usr/bin/chromium'),
  },
];

const isRoot = () => process.getuid?.() === 0;
const isDebian = () => fs.existsSync('/etc/debian_version') && spawnSync('apt-get', ['--version']).status === 0;

/**
 * Installs every missing package in one apt-get run. Returns null when all is there, else the reason
 * (with the command a person should run) so the caller can stop before the first runner.
 */
export function ensureSystemDeps(env = process.env, log = console.log, needs = NEEDS) {
  const missing = needs.filter((n) => !n.present(env));
  if (missing.length === 0) return null;
  const packages = missing.flatMap((n) => n.packages);
  const command = `apt-get install -y ${packages.join(' ')}`;
  const what = missing.map((n) => n.name).join(', ');
  if (!isDebian()) return `missing: ${what}. Install ${packages.join(', ')} with your package manager.`;
  if (!isRoot()) return `missing: ${what}. Run: sudo ${command}`;
  log(`[test] installing ${packages.join(' ')} (missing: ${what})`);
  const apt = (args) =>
    spawnSync('apt-get', args, { stdio: 'inherit', env: { ...env, DEBIAN_FRONTEND: 'noninteractive' } });
  if (apt(['update', '-qq']).status !== 0 || apt(['install', '-y', '-qq', ...packages]).status !== 0) {
    return `apt-get could not install ${packages.join(' ')}. Run: ${command}`;
  }
  const still = missing.filter((n) => !n.present(env));
  return still.length ? `still missing after apt-get: ${still.map((n) => n.name).join(', ')}` : null;
}
