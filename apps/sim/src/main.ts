/**
 * `tsx apps/sim/src/main.ts --cluster demo-east=lol,tiers --cluster demo-west=no-ingress,isolated,generated:M
 *   [--port 0] [--no-script] [--speed 1] [--kubeconfig .reachwatch/kubeconfig]`
 *
 * Starts one simulated cluster per --cluster (consecutive ports from --port when it is not 0), runs the
 * scenarios' scripts, writes a kubeconfig with a context per cluster, and stops cleanly on Ctrl-C.
 * `generated:S|M|L` or `generated:<pods>/<namespaces>/<policies>[/<seed>]` adds a generated cluster.
 */
import { GENERATED_SIZES, GeneratedOptions, SimCluster, startSimCluster, writeKubeconfig } from './index';

interface ClusterArg {
  name: string;
  scenarios: string[];
  generated?: GeneratedOptions;
  podCidr?: string;
}

export interface MainArgs {
  clusters: ClusterArg[];
  port: number;
  host: string;
  script: boolean;
  speed: number;
  kubeconfig?: string;
}

const USAGE = 'usage: main.ts --cluster NAME=SCENARIO[,SCENARIO|generated:S|M|L|generated:P/N/NP[/SEED]]... [--port N] [--host H] [--no-script] [--speed X] [--kubeconfig FILE]';

function parseGenerated(spec: string): { generated: GeneratedOptions; podCidr?: string } {
  const size = GENERATED_SIZES[spec as keyof typeof GENERATED_SIZES];
  if (size) return { generated: { pods: size.pods, namespaces: size.namespaces, policies: size.policies }, podCidr: size.podCidr };
  const parts = spec.split('/').map(Number);
  if (parts.length < 3 || parts.length > 4 || parts.some((n) => !Number.isInteger(n) || n <= 0)) {
    throw new Error(`generated:${spec}: expected S, M, L, XL or <pods>/<namespaces>/<policies>[/<seed>]`);
  }
  return { generated: { pods: parts[0], namespaces: parts[1], policies: parts[2], seed: parts[3] } };
}

export function parseArgs(argv: string[]): MainArgs {
  const out: MainArgs = { clusters: [], port: 0, host: '127.0.0.1', script: true, speed: 1 };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = () => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${a} needs a value\n${USAGE}`);
      return v;
    };
    if (a === '--cluster') {
      const [name, list] = value().split('=');
      if (!name || !list) throw new Error(`--cluster expects NAME=SCENARIO[,…]\n${USAGE}`);
      const c: ClusterArg = { name, scenarios: [] };
      for (const s of list.split(',').filter(Boolean)) {
        if (s.startsWith('generated:')) Object.assign(c, parseGenerated(s.slice('generated:'.length)));
        else c.scenarios.push(s);
      }
      out.clusters.push(c);
    } else if (a === '--port') out.port = Number(value());
    else if (a === '--host') out.host = value();
    else if (a === '--no-script') out.script = false;
    else if (a === '--speed') out.speed = Number(value());
    else if (a === '--kubeconfig') out.kubeconfig = value();
    else throw new Error(`unknown argument ${a}\n${USAGE}`);
  }
  if (!out.clusters.length) throw new Error(`at least one --cluster is needed\n${USAGE}`);
  if (!Number.isInteger(out.port) || out.port < 0 || out.port > 65535) throw new Error(`--port must be 0..65535`);
  if (!(out.speed > 0)) throw new Error('--speed must be > 0');
  return out;
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const clusters: SimCluster[] = [];
  const stop = async () => {
    await Promise.all(clusters.map((c) => c.close()));
    process.exit(0);
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());
  for (const [i, c] of args.clusters.entries()) {
    clusters.push(
      await startSimCluster({
        name: c.name,
        scenarios: c.scenarios,
        generated: c.generated,
        podCidr: c.podCidr,
        port: args.port ? args.port + i : 0,
        host: args.host,
        script: args.script,
        scriptSpeed: args.speed,
        log: (l) => console.log(`[${c.name}] ${l}`),
      }),
    );
  }
  for (const c of clusters) console.log(`cluster ${c.name}: ${c.url}`);
  if (args.kubeconfig) {
    writeKubeconfig(args.kubeconfig, clusters);
    console.log(`kubeconfig: ${args.kubeconfig} (contexts ${clusters.map((c) => c.name).join(', ')})`);
  }
}

if (require.main === module) {
  main().catch((e) => {
    console.error(`reachwatch-sim: ${(e as Error).message}`);
    process.exit(1);
  });
}
