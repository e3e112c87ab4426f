/** The pipeline benchmark's command line. Bad values are refused with the usage text (exit 2). */
export type SizeName = 'S' | 'M' | 'L';

export interface Args {
  size: SizeName;
  seed: number;
  /** Rates tried in order (events/s); the ramp stops at the first one not sustained. */
  rates: number[];
  stepS: number;
  latencyS: number;
  latencyRate: number;
  probeMs: number;
  alertProbes: number;
  timeoutS: number;
  workerTimeoutS: number;
  ephemeral: boolean;
}

export const USAGE = `usage: tsx apps/launcher/bench/run.ts [options]
  --size S|M|L         generated cluster to sync and drive (default L: 50k pods, 1.4k namespaces, 14k policies)
  --rates R1,R2,…      events/s tried in order, stopping at the first not sustained (default 250,500,1000,1500,2000,3000)
  --step-s N           seconds per rate (default 10)
  --latency-s N        seconds of latency probes under background load (default 20)
  --latency-rate N     background events/s during the latency probes (default 500, at most the sustained rate)
  --probe-ms N         one latency probe every N ms (default 50)
  --alert-probes N     exposure-creating changes timed to their committed alert (default 40)
  --timeout-s N        longest wait for every object to be stored (default 600)
  --worker-timeout-s N longest wait for the worker's first full computation; on timeout the run stops (default 300)
  --seed N             generator and driver seed (default 1)
  --ephemeral          Postgres without fsync (default: durable, as the product runs)`;

function fail(msg: string): never {
  process.stderr.write(`bench pipeline: ${msg}\n${USAGE}\n`);
  process.exit(2);
}

export function parseArgs(argv: string[]): Args {
  const a: Args = { size: 'L', seed: 1, rates: [250, 500, 1000, 1500, 2000, 3000], stepS: 10, latencyS: 20, latencyRate: 500, probeMs: 50, alertProbes: 40, timeoutS: 600, workerTimeoutS: 300, ephemeral: false };
  const num = (flag: string, v: string | undefined, min: number): number => {
    const n = Number(v);
    if (v === undefined || v === '' || !Number.isFinite(n) || n < min) fail(`${flag} needs a number ≥ ${min}, got ${v ?? 'nothing'}`);
    return n;
  };
  for (let i = 0; i < argv.length; i++) {
    const eq = argv[i].startsWith('--') ? argv[i].indexOf('=') : -1;
    const flag = eq > 0 ? argv[i].slice(0, eq) : argv[i];
    const value = () => (eq > 0 ? argv[i].slice(eq + 1) : argv[++i]);
    switch (flag) {
      case '--size': {
        const v = (value() ?? '').trim().toUpperCase();
        if (v !== 'S' && v !== 'M' && v !== 'L') fail(`--size must be S, M or L, got "${v}"`);
        a.size = v;
        break;
      }
      case '--rates': {
        const list = (value() ?? '').split(',').map((r) => num('--rates', r.trim(), 1));
        if (!list.length) fail('--rates needs at least one rate');
        a.rates = list;
        break;
      }
      case '--step-s': a.stepS = num(flag, value(), 1); break;
      case '--latency-s': a.latencyS = num(flag, value(), 1); break;
      case '--latency-rate': a.latencyRate = num(flag, value(), 1); break;
      case '--probe-ms': a.probeMs = num(flag, value(), 5); break;
      case '--alert-probes': a.alertProbes = Math.floor(num(flag, value(), 1)); break;
      case '--timeout-s': a.timeoutS = num(flag, value(), 1); break;
      case '--worker-timeout-s': a.workerTimeoutS = num(flag, value(), 1); break;
      case '--seed': a.seed = Math.floor(num(flag, value(), 1)); break;
      case '--ephemeral': a.ephemeral = true; break;
      case '-h':
      case '--help':
        process.stdout.write(`${USAGE}\n`);
        process.exit(0);
        break;
      default:
        fail(`unknown argument "${argv[i]}"`);
    }
  }
  return a;
}
