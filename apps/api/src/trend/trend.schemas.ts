import { z } from 'zod';
import { Instant } from '../clusters/query';
import { TREND_MSG } from './messages';

export const TrendQuery = z
  .strictObject({
    points: z.coerce.number().int().min(1).max(500).default(30),
    from: Instant.optional().describe('ISO 8601; default: 30 days before `to`'),
    to: Instant.optional().describe('ISO 8601; default: now'),
  })
  .superRefine((q, ctx) => {
    if (q.from && q.to && q.from.getTime() >= q.to.getTime()) ctx.addIssue({ code: 'custom', path: ['from'], message: TREND_MSG.fromAfterTo });
  });
export type TrendQuery = z.infer<typeof TrendQuery>;
