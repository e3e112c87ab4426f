import { z } from 'zod';

/** `expiresInDays` is bounded by AuthConfig.tokenMaxDays in the service (the schema cannot see config). */
export const CreateTokenBody = z.strictObject({
  name: z.string().trim().min(1).max(100),
  expiresInDays: z.number().int().min(1).optional(),
});
export type CreateTokenBody = z.infer<typeof CreateTokenBody>;
