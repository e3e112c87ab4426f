import { ROLES } from '@reachwatch/db';
import { z } from 'zod';

/** Password rules for new passwords: length is what matters (NIST 800-63B); 256 bounds the hashing work. */
export const MIN_PASSWORD = 12;
export const MAX_PASSWORD = 256;
export const NewPassword = z.string().min(MIN_PASSWORD).max(MAX_PASSWORD);
export const Email = z.string().trim().toLowerCase().max(254).pipe(z.email());
export const RoleName = z.enum(ROLES);

/** Login accepts any password up to 1 KiB: the rules for new passwords may have changed since it was set. */
export const LoginBody = z.strictObject({ email: z.string().max(254), password: z.string().min(1).max(1024) });
export type LoginBody = z.infer<typeof LoginBody>;

/** A positive id in a URL. */
export const IdParam = z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER);
