/** The parent's side of the children (child.ts): fork one per part, send requests, await their replies. */
import { fork, type ChildProcess } from 'node:child_process';
import * as path from 'node:path';
import type { Reply, Request, Role } from './child';

type RequestBody = Request extends infer R ? (R extends { id: number } ? Omit<R, 'id'> : never) : never;

export class Part {
  private nextId = 1;
  private readonly waiting = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  private exited = false;

  private constructor(readonly role: Role, private readonly child: ChildProcess) {
    child.on('message', (m: Reply) => {
      const w = this.waiting.get(m.id);
      if (!w) return;
      this.waiting.delete(m.id);
      if (m.ok) w.resolve(m.value);
      else w.reject(new Error(`${role}: ${m.error}`));
    });
    child.on('exit', (code, signal) => {
      this.exited = true;
      for (const w of this.waiting.values()) w.reject(new Error(`${role} exited (${signal ?? code}) with a request pending`));
      this.waiting.clear();
    });
  }

  static fork(role: Role, heapMb: number): Part {
    const child = fork(path.join(__dirname, 'child.ts'), [role], {
      execArgv: [...process.execArgv, `--max-old-space-size=${heapMb}`, ...profileFlags(role)],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    return new Part(role, child);
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  request<T>(body: RequestBody): Promise<T> {
    if (this.exited) return Promise.reject(new Error(`${this.role} has exited`));
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      this.waiting.set(id, { resolve: resolve as (v: unknown) => void, reject });
      this.child.send({ ...body, id } as Request);
    });
  }

  /** Asks the part to stop cleanly; kills it when it has not exited after `graceMs`. */
  async stop(graceMs = 15_000): Promise<void> {
    if (this.exited) return;
    const exited = new Promise<void>((r) => this.child.once('exit', () => r()));
    this.request({ op: 'stop' }).catch(() => undefined);
    const timer = setTimeout(() => this.child.kill('SIGKILL'), graceMs);
    await exited;
    clearTimeout(timer);
  }
}

/** BENCH_CPU_PROF=worker,api (roles) writes V8 CPU profiles of those parts to BENCH_CPU_PROF_DIR (default .). */
function profileFlags(role: Role): string[] {
  const roles = (process.env.BENCH_CPU_PROF ?? '').split(',');
  return roles.includes(role) ? ['--cpu-prof', `--cpu-prof-dir=${path.join(process.env.BENCH_CPU_PROF_DIR ?? '.', role)}`] : [];
}
