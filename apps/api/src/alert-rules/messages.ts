/** Every message of the alert-rules resource a client can read. */
export const ALERT_RULES_MSG = {
  badSelector: (reason: string) => `Not a label selector: ${reason}.`,
  unknownRule: (rule: string, known: readonly string[]) => `Unknown alert rule "${rule.length > 60 ? `${rule.slice(0, 60)}…` : rule}"; the rules are ${known.join(', ')}.`,
  catalogue:
    'Each rule: its default severity, and whether it is on and at which severity by this configuration. Per-namespace overrides apply on top, ' +
    'and a subject in a compliance scope is raised one level by every rule that is not itself about scopes.',
} as const;
