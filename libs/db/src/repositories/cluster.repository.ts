import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { DbError } from '../errors';
import { Prisma, PrismaClient } from '../generated/prisma/client';
import type { Cluster as ClusterRow } from '../generated/prisma/client';

export const CNI_PROFILES = ['generic', 'calico'] as const;
export type CniProfileName = (typeof CNI_PROFILES)[number];
const CLUSTER_NAME = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;

/** A cluster of the fleet, without its token hash (which never leaves this repository). */
export interface Cluster {
  id: number;
  name: string;
  cni: CniProfileName;
  /** 'pending' (never synced), 'syncing' (a relist in flight), 'synced'. */
  syncState: 'pending' | 'syncing' | 'synced';
  lastSeenAt: Date | null;
  tokenRotatedAt: Date | null;
  /** The seq the next journal entry will get; nextSeq - 1 is the cluster's last seq. */
  nextSeq: number;
  createdAt: Date;
}

export type AuthResult = { ok: true; cluster: Cluster } | { ok: false; reason: 'unknown-cluster' | 'wrong-token' };

/**
 * Agent tokens are `rwa_` + 32 random bytes (base64url), shown once. Only their SHA-256 is stored: with
 * 256 bits of entropy no guess can succeed, so a slow password hash would buy nothing.
 */
export function generateAgentToken(): string {
  return `rwa_${randomBytes(32).toString('base64url')}`;
}

function hashToken(token: string): Buffer {
  return createHash('sha256').update(token, 'utf8').digest();
}

export class ClusterRepository {
  constructor(private readonly prisma: PrismaClient) {}

  /** Creates a cluster and its first agent token. Throws INVALID_CLUSTER or CLUSTER_EXISTS. */
  async register(name: string, cni: string = 'generic'): Promise<{ cluster: Cluster; token: string }> {
    if (!CLUSTER_NAME.test(name)) {
      throw new DbError('INVALID_CLUSTER', `Invalid cluster name "${name}": use 1–63 lower-case letters, digits and '-', starting and ending with a letter or digit.`);
    }
    if (!(CNI_PROFILES as readonly string[]).includes(cni)) {
      throw new DbError('INVALID_CLUSTER', `Unknown CNI profile "${cni}": expected one of ${CNI_PROFILES.join(', ')}.`);
    }
    const token = generateAgentToken();
    try {
      const row = await this.prisma.cluster.create({
        data: { name, cni, agentTokenHash: hashToken(token).toString('hex'), tokenRotatedAt: new Date() },
      });
      return { cluster: toCluster(row), token };
    } catch (err) {
      if (err instanceof Prisma.PrismaClientKnownRequestError && err.code === 'P2002') {
        throw new DbError('CLUSTER_EXISTS', `A cluster named "${name}" already exists.`);
      }
      throw err;
    }
  }

  /** Replaces the agent token; the old one stops working at once. Throws CLUSTER_NOT_FOUND. */
  async rotateToken(id: number): Promise<string> {
    const token = generateAgentToken();
    const { count } = await this.prisma.cluster.updateMany({
      where: { id: BigInt(id) },
      data: { agentTokenHash: hashToken(token).toString('hex'), tokenRotatedAt: new Date() },
    });
    if (count === 0) throw new DbError('CLUSTER_NOT_FOUND', `No cluster with id ${id}.`);
    return token;
  }

  /**
   * Checks an agent's token for a cluster name. 'unknown-cluster' and 'wrong-token' are distinct so that
   * the API can answer 401 and 403; the comparison takes constant time.
   */
  async authenticate(clusterName: string, token: string): Promise<AuthResult> {
    const row = await this.prisma.cluster.findUnique({ where: { name: clusterName } });
    const presented = hashToken(token);
    if (!row) return { ok: false, reason: 'unknown-cluster' };
    const stored = row.agentTokenHash ? Buffer.from(row.agentTokenHash, 'hex') : Buffer.alloc(0);
    if (stored.length !== presented.length || !timingSafeEqual(stored, presented)) return { ok: false, reason: 'wrong-token' };
    return { ok: true, cluster: toCluster(row) };
  }

  async markSeen(id: number): Promise<void> {
    await this.prisma.cluster.updateMany({ where: { id: BigInt(id) }, data: { lastSeenAt: new Date() } });
  }

  /** All clusters, by name. */
  async list(): Promise<Cluster[]> {
    return (await this.prisma.cluster.findMany({ orderBy: { name: 'asc' } })).map(toCluster);
  }

  async get(id: number): Promise<Cluster | undefined> {
    const row = await this.prisma.cluster.findUnique({ where: { id: BigInt(id) } });
    return row ? toCluster(row) : undefined;
  }

  async getByName(name: string): Promise<Cluster | undefined> {
    const row = await this.prisma.cluster.findUnique({ where: { name } });
    return row ? toCluster(row) : undefined;
  }

  /** Deletes a cluster and (ON DELETE CASCADE) everything stored for it. Throws CLUSTER_NOT_FOUND. */
  async delete(id: number): Promise<void> {
    const { count } = await this.prisma.cluster.deleteMany({ where: { id: BigInt(id) } });
    if (count === 0) throw new DbError('CLUSTER_NOT_FOUND', `No cluster with id ${id}.`);
  }
}

/** The columns a Cluster is made of: a Prisma row, or a plain SQL row with the same (aliased) names. */
export type ClusterFields = Pick<ClusterRow, 'name' | 'cni' | 'syncState' | 'lastSeenAt' | 'tokenRotatedAt' | 'createdAt'> & {
  /** bigint from Prisma, text from pg (int8). */
  id: bigint | string;
  nextSeq: bigint | string;
};

export function toCluster(row: ClusterFields): Cluster {
  return {
    id: Number(row.id),
    name: row.name,
    cni: row.cni as CniProfileName,
    syncState: row.syncState as Cluster['syncState'],
    lastSeenAt: row.lastSeenAt,
    tokenRotatedAt: row.tokenRotatedAt,
    nextSeq: Number(row.nextSeq),
    createdAt: row.createdAt,
  };
}
