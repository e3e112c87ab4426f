import { z } from 'zod';

/**
 * Alert rules and their per-cluster configuration: what the worker evaluates on every reachability delta,
 * and what `PUT /api/v1/clusters/{cluster}/alert-rules` accepts. Selectors are kubectl label-selector text
 * (`pci=cde`, `tier in (db,cache)`); the worker parses them with the engine's parser.
 */
export const ALERT_RULES = {
  'exposed-to-internet': 'A workload newly reachable from public address space (critical when a LoadBalancer, NodePort or externalIP Service makes it real)',
  'exposed-to-other-namespace': 'A workload newly reachable from a workload of another namespace',
  'lost-isolation': 'A workload whose pods lost isolation (no NetworkPolicy selects them any more in a direction they were isolated in)',
  'default-deny-removed': 'A namespace whose default-deny (ingress or egress) is no longer in effect',
  'namespace-without-policy': 'A new namespace with no NetworkPolicy',
  'permissive-policy-in-scope': 'A NetworkPolicy allowing every source, or 0.0.0.0/0 or ::/0, into a namespace in a compliance scope',
  'egress-to-internet-from-scope': 'A workload of a namespace in a compliance scope newly able to reach public address space',
} as const;
export type AlertRuleId = keyof typeof ALERT_RULES;
export const ALERT_RULE_IDS = Object.keys(ALERT_RULES) as AlertRuleId[];

export const SEVERITIES = ['low', 'medium', 'high', 'critical'] as const;
export type Severity = (typeof SEVERITIES)[number];

/** Default severity per rule; a subject in a compliance scope is raised one level (see the worker's alerts/). */
export const DEFAULT_SEVERITY: Record<AlertRuleId, Severity> = {
  'exposed-to-internet': 'high',
  'exposed-to-other-namespace': 'medium',
  'lost-isolation': 'high',
  'default-deny-removed': 'high',
  'namespace-without-policy': 'low',
  'permissive-policy-in-scope': 'high',
  'egress-to-internet-from-scope': 'high',
};

const SelectorText = z.string().trim().min(1).max(500);
const NamespaceName = z.string().regex(/^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/, 'a namespace name (RFC 1123 label)');

export const IgnoreEntry = z
  .strictObject({
    namespace: NamespaceName.optional().describe('only subjects in this namespace'),
    selector: SelectorText.optional().describe("the subject workload's labels (kubectl selector syntax)"),
    reason: z.string().max(500).optional(),
  })
  .refine((x) => x.namespace !== undefined || x.selector !== undefined, 'an ignore entry needs a namespace, a selector, or both');
export type IgnoreEntry = z.infer<typeof IgnoreEntry>;

export const RuleSettings = z.strictObject({
  enabled: z.boolean().default(true),
  severity: z.enum(SEVERITIES).optional().describe('overrides the default severity (scope raising still applies on top)'),
  ignore: z.array(IgnoreEntry).max(100).default([]),
  namespaces: z
    .record(NamespaceName, z.strictObject({ enabled: z.boolean().optional(), severity: z.enum(SEVERITIES).optional() }))
    .default({})
    .describe('per-namespace overrides'),
});
export type RuleSettings = z.infer<typeof RuleSettings>;

export const AlertRulesConfig = z.strictObject({
  scopes: z
    .array(z.strictObject({ name: z.string().trim().min(1).max(60), selector: SelectorText }))
    .max(20)
    .default([])
    .describe('compliance scopes: namespaces whose labels match (e.g. pci=cde); rules 6–7 watch them and other rules raise severity in them'),
  rules: z.partialRecord(z.enum(ALERT_RULE_IDS as [AlertRuleId, ...AlertRuleId[]]), RuleSettings).default({}),
});
export type AlertRulesConfig = z.infer<typeof AlertRulesConfig>;

/** The configuration of a cluster nobody configured: every rule on, default severities, no scopes. */
export const DEFAULT_ALERT_RULES_CONFIG: AlertRulesConfig = { scopes: [], rules: {} };
