import { PipeTransform } from '@nestjs/common';
import type { z } from 'zod';
import { ApiError } from './api-error';
import { MSG } from './messages';

/** At most this many issues are returned; a batch of 5,000 broken events would otherwise answer megabytes. */
const MAX_ISSUES = 50;

export interface ValidationIssue {
  /** Where, as a JSON-pointer-like path: "events/3/object/metadata/uid". */
  path: string;
  code: string;
  message: string;
}

/**
 * Validates a request body against a zod schema (the contracts in libs/contracts) and passes on the
 * parsed value. A failure is a 400 `validation_failed` whose details list the issues in zod's order.
 */
export class ZodBodyPipe<S extends z.ZodType> implements PipeTransform<unknown, z.infer<S>> {
  constructor(
    private readonly schema: S,
    /** What the body is, for the message ("ingest batch"). */
    private readonly what: string,
  ) {}

  transform(value: unknown): z.infer<S> {
    const result = this.schema.safeParse(value);
    if (result.success) return result.data;
    const issues = result.error.issues;
    const details: { issues: ValidationIssue[]; omitted?: number } = {
      issues: issues.slice(0, MAX_ISSUES).map((issue) => ({
        path: issue.path.map(String).join('/'),
        code: issue.code,
        message: issue.message,
      })),
    };
    if (issues.length > MAX_ISSUES) details.omitted = issues.length - MAX_ISSUES;
    throw new ApiError('validation_failed', MSG.invalidBody(this.what, issues.length), details);
  }
}
