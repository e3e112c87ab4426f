import { generateAgentToken } from '@reachwatch/db';
import { describe, expect, it } from 'vitest';
import { AGENT_TOKEN_SHAPE } from './agent-auth.guard';
import { parseBearer } from './bearer';

describe('parseBearer', () => {
  it('reads one Bearer token, scheme in any case', () => {
    expect(parseBearer('Bearer rwa_abc-_')).toEqual({ kind: 'token', token: 'rwa_abc-_' });
    expect(parseBearer('bearer  abc==')).toEqual({ kind: 'token', token: 'abc==' });
  });

  it('tells a missing header from a malformed one', () => {
    expect(parseBearer(undefined)).toEqual({ kind: 'missing' });
    expect(parseBearer('')).toEqual({ kind: 'missing' });
    for (const bad of ['Bearer', 'Bearer ', 'Basic abc', 'Bearer a b', 'Bearer a,b', 'Token abc', `Bearer ${'a'.repeat(513)}`]) {
      expect(parseBearer(bad), bad).toEqual({ kind: 'malformed' });
    }
    expect(parseBearer(['Bearer a', 'Bearer b'])).toEqual({ kind: 'malformed' });
  });
});

describe('AGENT_TOKEN_SHAPE', () => {
  it('matches every token libs/db generates (so no valid token is answered 401)', () => {
    for (let i = 0; i < 200; i++) {
      const token = generateAgentToken();
      expect(AGENT_TOKEN_SHAPE.test(token), token).toBe(true);
      expect(parseBearer(`Bearer ${token}`)).toEqual({ kind: 'token', token });
    }
  });

  it('rejects what cannot be an agent token', () => {
    for (const bad of ['hunter2', `rwa_${'A'.repeat(42)}`, `rwa_${'A'.repeat(44)}`, `rwx_${'A'.repeat(43)}`, `rwa_${'A'.repeat(42)}=`]) {
      expect(AGENT_TOKEN_SHAPE.test(bad), bad).toBe(false);
    }
  });
});
