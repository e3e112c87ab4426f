import { ALERT_RULE_IDS, AlertRulesConfig } from '@reachwatch/contracts';
import { z } from 'zod';
import { ALERT_RULES_MSG } from './messages';
import { checkSelectorText } from './selector-text';

/** Unknown rule ids first, with the list of known ones (zod's own "Unrecognized key" says less). */
const knownRules = z.unknown().superRefine((body, ctx) => {
  const rules = typeof body === 'object' && body !== null ? (body as { rules?: unknown }).rules : undefined;
  if (typeof rules !== 'object' || rules === null || Array.isArray(rules)) return;
  for (const key of Object.keys(rules).sort()) {
    if (!(ALERT_RULE_IDS as string[]).includes(key)) ctx.addIssue({ code: 'custom', path: ['rules', key], message: ALERT_RULES_MSG.unknownRule(key, ALERT_RULE_IDS) });
  }
});

/**
 * `PUT /clusters/{c}/alert-rules`: the contract's AlertRulesConfig, and every selector (scopes, ignore
 * entries) readable by the engine's selector parser.
 */
export const AlertRulesBody = knownRules.pipe(
  AlertRulesConfig.superRefine((cfg, ctx) => {
    cfg.scopes.forEach((s, i) => checkSelectorText(s.selector, ctx, ['scopes', i, 'selector']));
    for (const [rule, settings] of Object.entries(cfg.rules).sort(([a], [b]) => (a < b ? -1 : 1))) {
      settings?.ignore.forEach((entry, i) => {
        if (entry.selector !== undefined) checkSelectorText(entry.selector, ctx, ['rules', rule, 'ignore', i, 'selector']);
      });
    }
  }),
);
export type AlertRulesBody = z.infer<typeof AlertRulesBody>;
