import {
  ALERT_RULES,
  AlertRuleId,
  AlertRulesConfig,
  DEFAULT_ALERT_RULES_CONFIG,
  DEFAULT_SEVERITY,
  SEVERITIES,
  Severity,
} from '@reachwatch/contracts';
import { LabelSelector, Labels, parseSelectorText, selectorMatches } from '@reachwatch/policy-engine';

export { ALERT_RULES, DEFAULT_SEVERITY };
export type { AlertRuleId, Severity };

interface CompiledIgnore {
  namespace?: string;
  selector?: LabelSelector;
}

/**
 * One cluster's alert settings, compiled once per configuration version: which rules are on where, at
 * which severity, what is ignored, and which namespaces are in a compliance scope. A subject in a scope is
 * raised one severity level by every rule that is not itself about scopes.
 */
export class AlertSettings {
  private readonly scopes: { name: string; selector: LabelSelector }[];
  private readonly ignores = new Map<AlertRuleId, CompiledIgnore[]>();

  constructor(readonly config: AlertRulesConfig = DEFAULT_ALERT_RULES_CONFIG) {
    // Stored configs were validated by the API with the same parser; a selector that no longer parses
    // (a parser made stricter) is skipped rather than stopping the cluster's pipeline.
    this.scopes = config.scopes.flatMap((s) => compile(s.selector).map((selector) => ({ name: s.name, selector })));
    for (const [rule, settings] of Object.entries(config.rules) as [AlertRuleId, NonNullable<AlertRulesConfig['rules'][AlertRuleId]>][]) {
      this.ignores.set(
        rule,
        settings.ignore.flatMap((i) => (i.selector === undefined ? [{ namespace: i.namespace }] : compile(i.selector).map((selector) => ({ namespace: i.namespace, selector })))),
      );
    }
  }

  get hasScopes(): boolean {
    return this.scopes.length > 0;
  }

  /** Names of the compliance scopes a namespace (by its labels) belongs to. */
  scopesOf(namespaceLabels: Labels): string[] {
    return this.scopes.filter((s) => selectorMatches(s.selector, namespaceLabels)).map((s) => s.name);
  }

  /** Whether `rule` may raise an alert for a subject in `namespace` with these labels. */
  enabled(rule: AlertRuleId, namespace: string, subjectLabels: Labels): boolean {
    const s = this.config.rules[rule];
    const on = s?.namespaces[namespace]?.enabled ?? s?.enabled ?? true;
    if (!on) return false;
    return !(this.ignores.get(rule) ?? []).some(
      (i) => (i.namespace === undefined || i.namespace === namespace) && (i.selector === undefined || selectorMatches(i.selector, subjectLabels)),
    );
  }

  /**
   * The severity of an alert: the namespace override, else the rule's, else `base` (the rule's default
   * or what the rule computed, e.g. critical for an internet exposure a Service makes real); raised one
   * level when the subject is in a compliance scope, except for the scope rules themselves.
   */
  severity(rule: AlertRuleId, namespace: string, base: Severity, inScope: boolean): Severity {
    const s = this.config.rules[rule];
    const chosen = s?.namespaces[namespace]?.severity ?? s?.severity ?? base;
    const scopeRule = rule === 'permissive-policy-in-scope' || rule === 'egress-to-internet-from-scope';
    return inScope && !scopeRule ? raise(chosen) : chosen;
  }
}

function raise(s: Severity): Severity {
  return SEVERITIES[Math.min(SEVERITIES.indexOf(s) + 1, SEVERITIES.length - 1)];
}

function compile(text: string): LabelSelector[] {
  try {
    return [parseSelectorText(text)];
  } catch {
    return [];
  }
}
