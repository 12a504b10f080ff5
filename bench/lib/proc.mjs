// CPU time and resident memory of a process and its descendants, from /proc (Linux only).
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';

/** Clock ticks per second of /proc/<pid>/stat's times (almost always 100). */
const TICKS = (() => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  } catch {
    return 100;
  }
})();

/** pid → parent pid for every process now. */
function parents() {
  const map = new Map();
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = readStat(Number(entry));
    if (stat) map.set(Number(entry), stat.ppid);
  }
  return map;
}

/** The fields after the command name (which may contain spaces and parentheses). */
function readStat(pid) {
  try {
    const text = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const f = text.slice(text.lastIndexOf(')') + 2).split(' ');
    // f[0] is field 3 (state): ppid is field 4, utime 14, stime 15.
    return { ppid: Number(f[1]), cpuTicks: Number(f[11]) + Number(f[12]) };
  } catch {
    return null; // gone
  }
}

/** The process and everything it started (a server may fork workers). */
export function processTree(pid) {
  const ppids = parents();
  const tree = [pid];
  for (let i = 0; i < tree.length; i++) for (const [child, ppid] of ppids) if (ppid === tree[i]) tree.push(child);
  return tree;
}

/** CPU seconds (user + system) used so far by the process and its descendants. */
export function cpuSeconds(pid) {
  return processTree(pid).reduce((sum, p) => sum + (readStat(p)?.cpuTicks ?? 0), 0) / TICKS;
}

/** Resident memory (VmRSS) of the process and its descendants, in bytes; 0 once gone. */
export function rssBytes(pid) {
  let sum = 0;
  for (const p of processTree(pid)) {
    try {
      const m = /^VmRSS:\s+(\d+) kB/m.exec(fs.readFileSync(`/proc/${p}/status`, 'utf8'));
      if (m) sum += Number(m[1]) * 1024;
    } catch {
      // gone meanwhile
    }
  }
  return sum;
}

/** CPU used over a window as cores (1 = one core busy the whole time). */
export async function coresOver(pid, ms) {
  const cpu0 = cpuSeconds(pid);
  const t0 = performance.now();
  await new Promise((r) => setTimeout(r, ms));
  return (cpuSeconds(pid) - cpu0) / ((performance.now() - t0) / 1000);
}
