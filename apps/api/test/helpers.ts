import type { IngestBatch, IngestEvent, IngestObject } from '@reachwatch/contracts';
import { ClusterRepository, connectDb, type Db } from '@reachwatch/db';
import { createTestDatabase, type TestDatabase } from '@reachwatch/db/src/testing';
import { createApi, type CreateApiOptions, type RunningApi } from '../src/api';
import type { ApiLogger } from '../src/common/logger';

/** A logger that keeps every line, so tests can read what would have been logged. */
export class MemoryLogger implements ApiLogger {
  readonly lines: string[] = [];
  info(event: string, fields: Record<string, unknown> = {}): void {
    this.lines.push(JSON.stringify({ level: 'info', event, ...fields }));
  }
  error(event: string, fields: Record<string, unknown> = {}): void {
    this.lines.push(JSON.stringify({ level: 'error', event, ...fields }));
  }
}

export interface TestApi {
  api: RunningApi;
  /** The test database's URL. */
  databaseUrl: string;
  /** A second connection to the same database, for registering clusters and reading what was written. */
  db: Db;
  clusters: ClusterRepository;
  logger: MemoryLogger;
  close(): Promise<void>;
}

/** A fresh migrated database and an API on a free port. */
export async function startTestApi(options: Partial<CreateApiOptions> = {}): Promise<TestApi> {
  const tdb: TestDatabase = await createTestDatabase();
  const logger = new MemoryLogger();
  const api = await createApi({ logger, ...options, databaseUrl: tdb.url, port: 0, host: '127.0.0.1' });
  const db = connectDb(tdb.url, { max: 2 });
  return {
    api,
    databaseUrl: tdb.url,
    db,
    clusters: new ClusterRepository(db.prisma),
    logger,
    close: async () => {
      await api.close();
      await db.close();
      await tdb.drop();
    },
  };
}

export function pod(name: string, uid: string, rv: string, labels: Record<string, string> = {}, namespace = 'default'): IngestObject {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace, uid, resourceVersion: rv, labels },
    spec: { containers: [{ name: 'app', ports: [{ containerPort: 8080 }] }] },
  };
}

export function ns(name: string, uid: string, rv: string): IngestObject {
  return { apiVersion: 'v1', kind: 'Namespace', metadata: { name, uid, resourceVersion: rv, labels: {} } };
}

export const added = (object: IngestObject): IngestEvent => ({ type: 'ADDED', object });
export const modified = (object: IngestObject): IngestEvent => ({ type: 'MODIFIED', object, manager: 'kubectl' });
export const batch = (...events: IngestEvent[]): IngestBatch => ({ agentId: 'agent-1', events });

/** Rows per table for one cluster: what "nothing was written" is checked against. */
export async function counts(db: Db, clusterId: number): Promise<{ objects: number; events: number }> {
  const { rows } = await db.pool.query<{ objects: number; events: number }>(
    `SELECT (SELECT count(*)::int FROM k8s_object WHERE cluster_id = $1) AS objects,
            (SELECT count(*)::int FROM change_event WHERE cluster_id = $1) AS events`,
    [clusterId],
  );
  return rows[0];
}
