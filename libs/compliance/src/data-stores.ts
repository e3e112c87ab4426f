/**
 * What counts as a data store (PCI DSS 1.4.4: "system components that store cardholder data are not
 * directly accessible from untrusted networks"). Reachwatch sees no data, only workloads, so a workload
 * is a data store when it LISTENS on a well-known database port (a declared container port) or is
 * LABELLED as one. Both lists are here and nowhere else; the README repeats them.
 */
import type { Labels, Pod } from '@reachwatch/policy-engine';

/** TCP ports of database and storage servers. */
export const DATA_STORE_PORTS: Readonly<Record<number, string>> = {
  1433: 'Microsoft SQL Server',
  1521: 'Oracle Database',
  2379: 'etcd',
  3306: 'MySQL / MariaDB',
  5432: 'PostgreSQL',
  5984: 'CouchDB',
  6379: 'Redis',
  7000: 'Cassandra (inter-node)',
  8086: 'InfluxDB',
  9042: 'Cassandra (CQL)',
  9200: 'Elasticsearch / OpenSearch',
  11211: 'Memcached',
  26257: 'CockroachDB',
  27017: 'MongoDB',
  28015: 'RethinkDB',
};

/** Label keys and the values that mark a workload as a data store (values compared lower-cased). */
export const DATA_STORE_LABELS: Readonly<Record<string, readonly string[]>> = {
  'app.kubernetes.io/component': ['database', 'db', 'datastore', 'data-store', 'storage', 'cache'],
  tier: ['db', 'database', 'data', 'datastore'],
  role: ['db', 'database', 'datastore'],
};

/** Why a workload (given by its pods, which share labels) is a data store, or undefined when it is not. */
export function dataStoreReason(pods: readonly Pod[]): string | undefined {
  const reasons = new Set<string>();
  for (const pod of pods) {
    for (const p of pod.ports) {
      const name = p.protocol === 'TCP' ? DATA_STORE_PORTS[p.port] : undefined;
      if (name) reasons.add(`listens on TCP ${p.port} (${name})`);
    }
    const label = dataStoreLabel(pod.labels);
    if (label) reasons.add(`labelled ${label}`);
  }
  return reasons.size ? [...reasons].sort().join('; ') : undefined;
}

function dataStoreLabel(labels: Labels): string | undefined {
  for (const key of Object.keys(DATA_STORE_LABELS).sort()) {
    const v = labels[key];
    if (v !== undefined && DATA_STORE_LABELS[key].includes(v.toLowerCase())) return `${key}=${v}`;
  }
  return undefined;
}
