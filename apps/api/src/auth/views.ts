import type { User } from '@reachwatch/db';

/** A user as the API answers it (never the password hash; grants by cluster name, sorted). */
export interface UserView {
  id: number;
  email: string;
  role: User['role'];
  clusters: 'all' | string[];
  disabled: boolean;
  lastLoginAt: string | null;
  createdAt: string;
  updatedAt: string;
}

export function userView(user: User): UserView {
  return {
    id: user.id,
    email: user.email,
    role: user.role,
    clusters: user.role === 'admin' || user.allClusters ? 'all' : user.clusters.map((c) => c.name),
    disabled: user.disabledAt !== null,
    lastLoginAt: user.lastLoginAt?.toISOString() ?? null,
    createdAt: user.createdAt.toISOString(),
    updatedAt: user.updatedAt.toISOString(),
  };
}
