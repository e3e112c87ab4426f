import type { AlertAction } from '@reachwatch/db';
import { ClusterView, StepFacts } from './facts';
import { RuleInput, egressFromScopeRule, exposureRules, lostIsolationRule, namespaceRules, permissivePolicyRule } from './rules';
import { AlertSettings } from './settings';

export { AlertSettings, ALERT_RULES } from './settings';
export type { ClusterView, StepFacts, Workload } from './facts';

/**
 * Every alert rule on one step's facts, in a fixed order (so equal inputs give equal actions). `open` is
 * the set of open alerts (`rule \0 subjectKey`) and is updated in place. See libs/contracts alert-rules.ts
 * for the catalogue and apps/worker/README-alerts.md for when each rule fires and resolves.
 */
export function evaluateAlerts(facts: StepFacts, view: ClusterView, settings: AlertSettings, open: Set<string>): AlertAction[] {
  const input: RuleInput = { facts, view, settings, open };
  const out: AlertAction[] = [];
  exposureRules(input, out);
  egressFromScopeRule(input, out);
  lostIsolationRule(input, out);
  namespaceRules(input, out);
  permissivePolicyRule(input, out);
  return out;
}
