import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { api, ApiError } from '../api/http';
import type { Me, UserView } from '../api/types';

/**
 * Who is logged in. The session itself is the API's httpOnly cookie: the UI never sees its value, it
 * only asks `GET /auth/me` whether the cookie still stands for someone.
 */
export type SessionState = { status: 'checking' } | { status: 'anonymous' } | { status: 'unreachable'; error: unknown } | { status: 'user'; user: UserView };

interface SessionValue {
  state: SessionState;
  login(email: string, password: string): Promise<void>;
  logout(): Promise<void>;
  /** A 401 from any read: the session ended (expired, revoked, logged out elsewhere). */
  ended(): void;
  recheck(): void;
}

const SessionContext = createContext<SessionValue | null>(null);

export function SessionProvider({ children }: { children: ReactNode }) {
  const [state, setState] = useState<SessionState>({ status: 'checking' });

  const recheck = useCallback(() => {
    api.get<Me>('/api/v1/auth/me').then(
      (me) => setState({ status: 'user', user: me.user }),
      (error: unknown) => setState(error instanceof ApiError && error.status === 401 ? { status: 'anonymous' } : { status: 'unreachable', error }),
    );
  }, []);
  useEffect(recheck, [recheck]);

  const login = useCallback(async (email: string, password: string) => {
    const r = await api.post<{ user: UserView }>('/api/v1/auth/login', { email, password });
    setState({ status: 'user', user: r.user });
  }, []);

  const logout = useCallback(async () => {
    try {
      await api.post('/api/v1/auth/logout');
    } catch (e) {
      // Already ended (401) is what logging out wants; anything else is worth showing.
      if (!(e instanceof ApiError && e.status === 401)) throw e;
    }
    setState({ status: 'anonymous' });
  }, []);

  const ended = useCallback(() => setState({ status: 'anonymous' }), []);
  const value = useMemo(() => ({ state, login, logout, ended, recheck }), [state, login, logout, ended, recheck]);
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionValue {
  const v = useContext(SessionContext);
  if (!v) throw new Error('useSession outside SessionProvider');
  return v;
}

/** The session outside the shell's guarantee (shared UI parts): null without a provider. */
export function useOptionalSession(): SessionValue | null {
  return useContext(SessionContext);
}

/** The logged-in user (views render only inside the authenticated shell). */
export function useUser(): UserView {
  const { state } = useSession();
  if (state.status !== 'user') throw new Error('useUser without a logged-in user');
  return state.user;
}

export const canWrite = (u: UserView) => u.role === 'admin' || u.role === 'analyst';
export const isAdmin = (u: UserView) => u.role === 'admin';
