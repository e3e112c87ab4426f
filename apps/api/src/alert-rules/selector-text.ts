import { parseSelectorText, SelectorSyntaxError } from '@reachwatch/policy-engine';
import type { z } from 'zod';
import { ALERT_RULES_MSG } from './messages';

/**
 * Adds an issue when `text` is not kubectl label-selector text. The engine's parser is the one the worker
 * and the reports use, so what the API accepts is exactly what they can read. `''` selects everything.
 */
export function checkSelectorText(text: string, ctx: z.RefinementCtx, path: (string | number)[] = []): void {
  try {
    parseSelectorText(text);
  } catch (err) {
    if (!(err instanceof SelectorSyntaxError)) throw err;
    ctx.addIssue({ code: 'custom', path, message: ALERT_RULES_MSG.badSelector(err.message) });
  }
}
