import { connectDb, UserRepository } from '@reachwatch/db';
import { randomBytes } from 'node:crypto';
import { DEFAULT_AUTH_CONFIG, type PasswordHashing } from './auth.config';
import { PasswordHasher } from './passwords';
import { Email, MAX_PASSWORD, MIN_PASSWORD } from './schemas';

export const DEFAULT_ADMIN_EMAIL = 'admin@reachwatch.local';

export type FirstAdminResult =
  | { created: false }
  /** `generatedPassword` only when no REACHWATCH_ADMIN_PASSWORD was given: print it once, store it nowhere. */
  | { created: true; email: string; generatedPassword?: string };

/** A REACHWATCH_ADMIN_* value the operator must fix; `code` lets start-up code show the message as is. */
export class FirstAdminConfigError extends Error {
  readonly code = 'FIRST_ADMIN_CONFIG';
}

/**
 * On a database without any user, creates the first admin: REACHWATCH_ADMIN_EMAIL (default
 * admin@reachwatch.local) with REACHWATCH_ADMIN_PASSWORD, or with a generated password returned once for
 * the caller to print. With users present it does nothing and ignores the variables (change accounts through
 * the API). Safe when several instances start at once: exactly one creates the admin.
 */
export async function ensureFirstAdmin(options: { databaseUrl: string; env?: NodeJS.ProcessEnv; hashing?: PasswordHashing }): Promise<FirstAdminResult> {
  const env = options.env ?? process.env;
  const rawEmail = env.REACHWATCH_ADMIN_EMAIL || DEFAULT_ADMIN_EMAIL;
  const email = Email.safeParse(rawEmail);
  if (!email.success) throw new FirstAdminConfigError(`REACHWATCH_ADMIN_EMAIL is not an email address: "${rawEmail}".`);
  const given = env.REACHWATCH_ADMIN_PASSWORD;
  if (given !== undefined && given !== '' && (given.length < MIN_PASSWORD || given.length > MAX_PASSWORD)) {
    throw new FirstAdminConfigError(`REACHWATCH_ADMIN_PASSWORD must have ${MIN_PASSWORD} to ${MAX_PASSWORD} characters.`);
  }
  const password = given || randomBytes(18).toString('base64url');

  const db = connectDb(options.databaseUrl, { max: 1 });
  try {
    const users = new UserRepository(db.prisma);
    const hasher = new PasswordHasher(options.hashing ?? DEFAULT_AUTH_CONFIG.passwordHashing);
    const created = await users.createFirstAdmin({ email: email.data, passwordHash: await hasher.hash(password) }, { source: given ? 'environment' : 'generated' });
    if (!created) return { created: false };
    return given ? { created: true, email: created.email } : { created: true, email: created.email, generatedPassword: password };
  } finally {
    await db.close();
  }
}

/**
 * The lines to show a person once when ensureFirstAdmin generated a password; undefined otherwise (nothing
 * created, or the password came from the environment and the operator knows it).
 */
export function describeFirstAdmin(result: FirstAdminResult): string | undefined {
  if (!result.created || result.generatedPassword === undefined) return undefined;
  return [
    `Created the first admin: ${result.email}`,
    `  password: ${result.generatedPassword}`,
    '  This password is shown only now. Log in and create your own accounts; set REACHWATCH_ADMIN_EMAIL and',
    '  REACHWATCH_ADMIN_PASSWORD before the first start to choose them instead.',
  ].join('\n');
}
