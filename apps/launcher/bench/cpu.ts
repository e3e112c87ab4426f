/**
 * CPU time per part of the pipeline (user + system, from /proc), so a phase's figures say where the two
 * cores went: the simulator, the agent, the API, the worker and Postgres (all its processes). Linux only;
 * elsewhere every reading is 0. Postgres counts only when the benchmark started it (embedded).
 */
import * as fs from 'node:fs';

const TICKS_PER_S = 100; // USER_HZ: 100 on every Linux this runs on

/** CPU seconds a process has used (0 when it is gone or /proc is missing). */
function cpuOf(pid: number): number {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which may hold spaces) start after the last ')'.
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(f[11]) + Number(f[12])) / TICKS_PER_S;
  } catch {
    return 0;
  }
}

/** The server whose postmaster is `postmaster` and its backends (other Postgres servers on the machine are not ours). */
function postgresPids(postmaster: number | undefined): number[] {
  if (!postmaster) return [];
  try {
    return fs.readdirSync('/proc').filter((d) => /^\d+$/.test(d)).map(Number).filter((pid) => {
      if (pid === postmaster) return true;
      try {
        const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
        return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) === postmaster;
      } catch {
        return false;
      }
    });
  } catch {
    return [];
  }
}

/** The postmaster's pid from its data folder (first line of postmaster.pid), if the server is ours. */
export function postmasterOf(dataDir: string | undefined): number | undefined {
  if (!dataDir) return undefined;
  try {
    return Number(fs.readFileSync(`${dataDir}/postmaster.pid`, 'utf8').split('\n')[0]) || undefined;
  } catch {
    return undefined;
  }
}

export type CpuReading = Record<string, number>;

/**
 * CPU seconds so far per part. Postgres backends come and go (a backend's time is lost when it exits),
 * so its figure covers the backends alive at both readings — the pools' long-lived connections, where the
 * work happens.
 */
export function readCpu(parts: Record<string, number | undefined>, postmaster: number | undefined): { parts: CpuReading; postgres: Map<number, number> } {
  const out: CpuReading = {};
  for (const [name, pid] of Object.entries(parts)) out[name] = pid ? cpuOf(pid) : 0;
  return { parts: out, postgres: new Map(postgresPids(postmaster).map((pid) => [pid, cpuOf(pid)])) };
}

/** CPU seconds used per part between two readings, Postgres included. */
export function cpuBetween(a: ReturnType<typeof readCpu>, b: ReturnType<typeof readCpu>): CpuReading {
  const out: CpuReading = {};
  for (const name of Object.keys(b.parts)) out[name] = Math.max(0, b.parts[name] - (a.parts[name] ?? 0));
  let pg = 0;
  for (const [pid, t] of b.postgres) pg += Math.max(0, t - (a.postgres.get(pid) ?? 0));
  out.postgres = pg;
  return out;
}
