import * as argon2 from 'argon2';
import { randomBytes } from 'node:crypto';
import type { PasswordHashing } from './auth.config';

/**
 * Password hashing with argon2id. `verifyNothing` does the same work as a real verification against a
 * hash made with the current parameters, so a login for an unknown email costs what a wrong password
 * costs and the two cannot be told apart by timing.
 */
export class PasswordHasher {
  private dummy: Promise<string> | undefined;

  constructor(private readonly params: PasswordHashing) {}

  hash(password: string): Promise<string> {
    return argon2.hash(password, { type: argon2.argon2id, ...this.params });
  }

  /** Whether `password` matches; `rehash` when the stored hash was made with other parameters. */
  async verify(hash: string, password: string): Promise<{ ok: boolean; rehash: boolean }> {
    let ok: boolean;
    try {
      ok = await argon2.verify(hash, password);
    } catch {
      // A stored value that is not an argon2 hash can match nothing.
      return { ok: false, rehash: false };
    }
    return { ok, rehash: ok && argon2.needsRehash(hash, { ...this.params }) };
  }

  /** The cost of a verification, for the unknown-email path. Always false. */
  async verifyNothing(password: string): Promise<false> {
    this.dummy ??= this.hash(randomBytes(32).toString('base64url'));
    await argon2.verify(await this.dummy, password);
    return false;
  }
}
