import { createHash, randomBytes } from 'node:crypto';

/**
 * Bearer secrets of the account tables: a fixed prefix that says what the secret is (`rws_` session,
 * `rwp_` personal token; agents have `rwa_`) and 32 random bytes in base64url. 256 bits cannot be guessed,
 * so the database keeps a fast SHA-256 of each and looks it up by that hash.
 */
export type SecretPrefix = 'rws_' | 'rwp_';

export function generateSecret(prefix: SecretPrefix): string {
  return `${prefix}${randomBytes(32).toString('base64url')}`;
}

export function sha256Hex(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('hex');
}

/** The exact shape generateSecret produces; anything else is not worth a database lookup. */
export function isSecretOfKind(value: string, prefix: SecretPrefix): boolean {
  return value.length === prefix.length + 43 && value.startsWith(prefix) && /^[A-Za-z0-9_-]{43}$/.test(value.slice(prefix.length));
}

/** last_used_at is written at most this often per credential: once a minute is precise enough to review. */
export const TOUCH_EVERY_MS = 60_000;
