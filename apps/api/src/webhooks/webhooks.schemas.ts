import { ALERT_RULE_IDS, SEVERITIES, type AlertRuleId } from '@reachwatch/contracts';
import { WEBHOOK_FORMATS } from '@reachwatch/db';
import { z } from 'zod';
import { ClusterName } from '../clusters/clusters.schemas';
import { WEBHOOKS_MSG } from './messages';

/** Where alerts are posted: http or https, with a host (a receiver inside the network is allowed: admins only). */
export const HttpUrl = z.string().trim().max(2000).superRefine((s, ctx) => {
  let url: URL | undefined;
  try {
    url = new URL(s);
  } catch {
    url = undefined;
  }
  if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:') || url.hostname === '') ctx.addIssue({ code: 'custom', message: WEBHOOKS_MSG.badUrl });
});

export const CreateWebhookBody = z.strictObject({
  name: z.string().trim().min(1).max(100),
  url: HttpUrl,
  format: z.enum(WEBHOOK_FORMATS).default('json').describe('json: the alert as JSON; slack: a Slack-compatible message'),
  secret: z.string().min(16).max(500).optional().describe('signs each body (HMAC-SHA256 in X-Reachwatch-Signature); never returned'),
  minSeverity: z.enum(SEVERITIES).default('low'),
  clusters: z.array(ClusterName).max(1000).default([]).describe('only alerts of these clusters; empty: every cluster'),
  rules: z.array(z.enum(ALERT_RULE_IDS as [AlertRuleId, ...AlertRuleId[]])).max(ALERT_RULE_IDS.length).default([]).describe('only these rules; empty: every rule'),
  enabled: z.boolean().default(true),
});
export type CreateWebhookBody = z.infer<typeof CreateWebhookBody>;

export const PatchWebhookBody = z.strictObject({ enabled: z.boolean() });
export type PatchWebhookBody = z.infer<typeof PatchWebhookBody>;
