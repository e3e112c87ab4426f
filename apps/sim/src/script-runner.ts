/**
 * Runs a scenario's steps on timers. `speed` divides every delay (tests run a script in milliseconds). A
 * failing step is reported and the script goes on: a demo should keep moving.
 */
import type { Operations } from './ops';
import type { ScriptStep } from './script';

export const SCRIPT_MANAGER = 'reachwatch-sim-script';

export interface ScriptReport {
  scenario: string;
  stepsRun: number;
  errors: string[];
}

export interface ScriptRun {
  done: Promise<ScriptReport>;
  stop(): void;
}

export function runStep(ops: Operations, step: ScriptStep): void {
  const a = step.action;
  switch (a.type) {
    case 'apply':
      for (const o of a.objects) ops.upsert(o.object, SCRIPT_MANAGER);
      return;
    case 'delete':
      ops.remove(a.kind, a.namespace, a.name, SCRIPT_MANAGER);
      return;
    case 'scale':
      ops.scale(a.namespace, a.name, a.replicas, SCRIPT_MANAGER);
      return;
    case 'label':
      ops.label(a.kind, a.namespace, a.name, a.labels, SCRIPT_MANAGER);
      return;
  }
}

export function runScript(scenario: string, steps: ScriptStep[], ops: Operations, speed: number, log: (line: string) => void): ScriptRun {
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  let finish: (r: ScriptReport) => void = () => undefined;
  const report: ScriptReport = { scenario, stepsRun: 0, errors: [] };
  const done = new Promise<ScriptReport>((resolve) => (finish = resolve));
  const next = (i: number) => {
    if (stopped || i >= steps.length) return finish(report);
    timer = setTimeout(() => {
      const step = steps[i];
      try {
        runStep(ops, step);
        log(`${scenario}: ${step.where}${step.note ? `: ${step.note}` : ''}`);
      } catch (e) {
        const msg = `${step.where}: ${(e as Error).message}`;
        report.errors.push(msg);
        log(`${scenario}: FAILED ${msg}`);
      }
      report.stepsRun++;
      next(i + 1);
    }, (steps[i].after * 1000) / speed);
  };
  next(0);
  return {
    done,
    stop: () => {
      stopped = true;
      if (timer) clearTimeout(timer);
      finish(report);
    },
  };
}
