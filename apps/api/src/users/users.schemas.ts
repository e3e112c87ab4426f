import { z } from 'zod';
import { Email, IdParam, NewPassword, RoleName } from '../auth/schemas';

/** Cluster grants: every cluster (present and future) or exactly these names. */
export const Grants = z.union([z.literal('all'), z.array(z.string().min(1).max(63)).max(1000)]);

export const CreateUserBody = z.strictObject({
  email: Email,
  password: NewPassword,
  role: RoleName,
  clusters: Grants.optional(),
});
export type CreateUserBody = z.infer<typeof CreateUserBody>;

export const UpdateUserBody = z.strictObject({
  role: RoleName.optional(),
  disabled: z.boolean().optional(),
  password: NewPassword.optional(),
});
export type UpdateUserBody = z.infer<typeof UpdateUserBody>;

export const GrantsBody = z.strictObject({ clusters: Grants });
export type GrantsBody = z.infer<typeof GrantsBody>;

/** Opaque keyset cursor: base64url of the last email of the previous page. */
const Cursor = z
  .string()
  .max(400)
  .transform((s, ctx) => {
    const email = Buffer.from(s, 'base64url').toString('utf8');
    if (!s || Buffer.from(email, 'utf8').toString('base64url') !== s) {
      ctx.addIssue({ code: 'custom', message: 'not a cursor this API returned' });
      return z.NEVER;
    }
    return email;
  });

export const ListUsersQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: Cursor.optional(),
});
export type ListUsersQuery = z.infer<typeof ListUsersQuery>;

export const AuditQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(500).default(100),
  /** Opaque: the id after which (older) to continue. */
  cursor: IdParam.optional(),
  userId: IdParam.optional(),
});
export type AuditQuery = z.infer<typeof AuditQuery>;

export const encodeCursor = (email: string) => Buffer.from(email, 'utf8').toString('base64url');
