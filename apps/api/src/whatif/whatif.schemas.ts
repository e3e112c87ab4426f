import { z } from 'zod';

/** At most this many bytes of YAML (the body as a whole is also under the API's 1 MiB body limit). */
export const MAX_MANIFEST_BYTES = 512 * 1024;

export const WhatIfBody = z.strictObject({
  manifests: z.string().min(1).refine((s) => Buffer.byteLength(s, 'utf8') <= MAX_MANIFEST_BYTES, `at most ${MAX_MANIFEST_BYTES} bytes of YAML`)
    .describe('YAML (multi-document) or JSON manifests: objects to add, or to replace the live object of the same kind and name'),
  /** Connections listed per direction (added, removed); the counts are always complete. */
  limit: z.number().int().min(1).max(10_000).default(1000),
});
export type WhatIfBody = z.infer<typeof WhatIfBody>;
