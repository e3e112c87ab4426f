import { createHmac } from 'node:crypto';
import type { AlertWebhookPayload } from '@reachwatch/db';

const SEVERITY_EMOJI: Record<string, string> = { critical: ':red_circle:', high: ':large_orange_circle:', medium: ':large_yellow_circle:', low: ':white_circle:' };

/** The body a receiver gets: the generic JSON as stored, or a Slack incoming-webhook message built from it. */
export function renderBody(format: 'json' | 'slack', p: AlertWebhookPayload): string {
  if (format === 'json') return JSON.stringify(p);
  return JSON.stringify(slackMessage(p));
}

function slackMessage(p: AlertWebhookPayload): Record<string, unknown> {
  if (!p.alert) return { text: 'Reachwatch test message: this webhook is configured correctly.' };
  const a = p.alert;
  const verb = p.event === 'alert.resolved' ? 'Resolved' : 'New alert';
  const head = `${SEVERITY_EMOJI[a.severity] ?? ''} ${verb} [${a.severity.toUpperCase()}] ${a.rule} in ${a.cluster}`.trim();
  return {
    // `text` is what notifications and clients without blocks show.
    text: `${head}: ${a.message}`,
    blocks: [
      { type: 'header', text: { type: 'plain_text', text: head.slice(0, 150) } },
      { type: 'section', text: { type: 'mrkdwn', text: a.message.slice(0, 2900) } },
      {
        type: 'context',
        elements: [{ type: 'mrkdwn', text: `alert #${a.id} · subject \`${a.subjectKey}\` · change #${a.seq} · first seen ${a.firstSeen}` }],
      },
    ],
  };
}

/** `sha256=<hex>` of the body with the webhook's secret, so receivers can check the sender. */
export function signature(secret: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
}
