import type { AlertRulesConfig, RuleSettings, Severity } from '@reachwatch/contracts';

/** The alert-rules form ↔ the API's AlertRulesConfig (libs/contracts alert-rules.ts). Pure. */
export interface RuleRow {
  id: string;
  description: string;
  defaultSeverity: Severity;
  enabled: boolean;
  /** 'default': no override (the catalogue's severity applies). */
  severity: Severity | 'default';
  /** `{ignore, namespaces}` of the rule as JSON text (edited as text: lists of selectors and overrides). */
  extra: string;
}

export interface RulesForm {
  scopes: { name: string; selector: string }[];
  rules: RuleRow[];
}

export interface RulesAnswer {
  cluster: string;
  version: number;
  updatedAt: string | null;
  updatedBy: string | null;
  config: AlertRulesConfig;
  severities: Severity[];
  rules: { id: string; description: string; defaultSeverity: Severity; enabled: boolean; severity: Severity }[];
}

export function formOf(a: RulesAnswer): RulesForm {
  return {
    scopes: a.config.scopes.map((s) => ({ name: s.name, selector: s.selector })),
    rules: a.rules.map((r) => {
      const s = (a.config.rules as Record<string, RuleSettings | undefined>)[r.id];
      return {
        id: r.id,
        description: r.description,
        defaultSeverity: r.defaultSeverity,
        enabled: s?.enabled ?? true,
        severity: s?.severity ?? 'default',
        extra: JSON.stringify({ ignore: s?.ignore ?? [], namespaces: s?.namespaces ?? {} }, null, 2),
      };
    }),
  };
}

export type BuildResult = { ok: true; config: AlertRulesConfig } | { ok: false; rule: string; message: string };

/**
 * The body of PUT …/alert-rules. A rule left at its defaults (on, default severity, nothing ignored, no
 * namespace overrides) is omitted, so the stored config says only what someone chose. Rules and scopes
 * keep the form's order (the catalogue's), which the API stores as given.
 */
export function buildConfig(f: RulesForm): BuildResult {
  const rules: Record<string, RuleSettings> = {};
  for (const r of f.rules) {
    let extra: { ignore?: RuleSettings['ignore']; namespaces?: RuleSettings['namespaces'] };
    try {
      extra = r.extra.trim() ? JSON.parse(r.extra) : {};
    } catch (e) {
      return { ok: false, rule: r.id, message: (e as Error).message };
    }
    if (extra === null || typeof extra !== 'object' || Array.isArray(extra)) return { ok: false, rule: r.id, message: 'expected an object {"ignore": [...], "namespaces": {...}}' };
    const ignore = extra.ignore ?? [];
    const namespaces = extra.namespaces ?? {};
    const isDefault = r.enabled && r.severity === 'default' && ignore.length === 0 && Object.keys(namespaces).length === 0;
    if (isDefault) continue;
    rules[r.id] = { enabled: r.enabled, ...(r.severity === 'default' ? {} : { severity: r.severity }), ignore, namespaces };
  }
  const scopes = f.scopes.map((s) => ({ name: s.name.trim(), selector: s.selector.trim() })).filter((s) => s.name || s.selector);
  return { ok: true, config: { scopes, rules } as AlertRulesConfig };
}
