import { MSG } from '../common/messages';

/**
 * Which parts of a running Reachwatch are up. The API registers its database; whatever runs beside it
 * (`npm start`'s worker, simulator and agents) registers a probe or reports its state. /healthz is green
 * only when every registered part is up.
 */
export type PartStatus = 'up' | 'down';

export interface PartState {
  status: PartStatus;
  /** One line for a person: why it is down, or what it is doing. */
  detail?: string;
}

/** Asked on every health check; a throw or a timeout counts as down. */
export type Probe = () => PartState | Promise<PartState>;

export interface HealthReport {
  ok: boolean;
  /** Every part by name, names sorted. */
  parts: Record<string, PartState>;
  /** Names of the parts that are down, sorted. */
  down: string[];
}

type Source = { kind: 'probe'; probe: Probe } | { kind: 'reported'; state: PartState | undefined };

export class HealthRegistry {
  private readonly sources = new Map<string, Source>();

  /** Add a part checked by asking `probe`. Returns a function that removes it. */
  register(name: string, probe: Probe): () => void {
    this.claim(name);
    const source: Source = { kind: 'probe', probe };
    this.sources.set(name, source);
    return () => {
      if (this.sources.get(name) === source) this.sources.delete(name);
    };
  }

  /**
   * Add a part that reports its own state (push). Until the first report it counts as down, so a part
   * that never comes up keeps /healthz at 503.
   */
  expect(name: string): void {
    this.claim(name);
    this.sources.set(name, { kind: 'reported', state: undefined });
  }

  /** Set a pushed part's state (registering it if needed). */
  report(name: string, state: PartState): void {
    const source = this.sources.get(name);
    if (source?.kind === 'probe') throw new Error(`health part "${name}" is probed; it cannot also report`);
    this.sources.set(name, { kind: 'reported', state: { ...state } });
  }

  remove(name: string): void {
    this.sources.delete(name);
  }

  names(): string[] {
    return [...this.sources.keys()].sort();
  }

  /** Ask every part (or the named ones) at once; none waits longer than `timeoutMs`. */
  async check(timeoutMs: number, only?: readonly string[]): Promise<HealthReport> {
    const names = this.names().filter((name) => !only || only.includes(name));
    const states = await Promise.all(names.map((name) => this.stateOf(this.sources.get(name)!, timeoutMs)));
    const parts: Record<string, PartState> = {};
    const down: string[] = [];
    names.forEach((name, i) => {
      parts[name] = states[i];
      if (states[i].status !== 'up') down.push(name);
    });
    return { ok: down.length === 0, parts, down };
  }

  private claim(name: string): void {
    if (!/^[a-z0-9][a-z0-9._:-]{0,99}$/.test(name)) throw new Error(`invalid health part name "${name}"`);
    if (this.sources.has(name)) throw new Error(`health part "${name}" is already registered`);
  }

  private async stateOf(source: Source, timeoutMs: number): Promise<PartState> {
    if (source.kind === 'reported') return source.state ? { ...source.state } : { status: 'down', detail: MSG.neverReported };
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<PartState>((resolve) => {
      timer = setTimeout(() => resolve({ status: 'down', detail: MSG.probeTimeout(timeoutMs) }), timeoutMs);
    });
    try {
      const state = await Promise.race([Promise.resolve().then(source.probe), timeout]);
      return normalise(state);
    } catch (err) {
      return { status: 'down', detail: err instanceof Error ? err.message : String(err) };
    } finally {
      clearTimeout(timer);
    }
  }
}

function normalise(state: PartState): PartState {
  const out: PartState = { status: state?.status === 'up' ? 'up' : 'down' };
  if (state?.detail) out.detail = String(state.detail);
  return out;
}
