import { ContainerPort } from '../../src/model';
import { Rng } from '../rng';

/** Names, label values and workload archetypes the generator draws from. */

export const TEAMS = [
  'payments', 'checkout', 'identity', 'search', 'catalog', 'platform', 'data', 'ml', 'growth', 'ads', 'messaging',
  'logistics', 'billing', 'fraud', 'support', 'analytics', 'media', 'maps', 'risk', 'devtools', 'mobile', 'partner',
  'loyalty', 'notify', 'pricing', 'inventory', 'reviews', 'recs', 'security', 'observability',
];
export const DOMAINS = ['api', 'web', 'core', 'events', 'ledger', 'gateway', 'ingest', 'store', 'sync', 'reports', 'batch', 'edge', 'portal', 'admin', 'stream'];
export const SANDBOX_USERS = ['alice', 'bob', 'carol', 'dave', 'erin', 'frank', 'grace', 'heidi', 'ivan', 'judy', 'mallory', 'niaj', 'olivia', 'peggy', 'rupert', 'sybil', 'trent', 'victor', 'walter', 'yuki'];
export const ENVS = ['prod', 'staging', 'dev'] as const;
export const ENV_WEIGHTS = [45, 30, 25];
export const PRIVATE_V4 = ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16'];

export type Tier = 'frontend' | 'backend' | 'data';

export interface Archetype {
  key: string;
  weight: number;
  names: readonly string[];
  component: string;
  tier: Tier;
  kind: 'Deployment' | 'StatefulSet';
  ports: (rng: Rng) => ContainerPort[];
}

export const tcp = (port: number, name?: string): ContainerPort => (name ? { name, port, protocol: 'TCP' } : { port, protocol: 'TCP' });
export const udp = (port: number, name?: string): ContainerPort => (name ? { name, port, protocol: 'UDP' } : { port, protocol: 'UDP' });

export const ARCHETYPES: readonly Archetype[] = [
  {
    key: 'frontend', weight: 14, component: 'frontend', tier: 'frontend', kind: 'Deployment',
    names: ['web', 'ui', 'storefront', 'bff', 'portal', 'admin-ui', 'landing', 'docs'],
    ports: (r) => [tcp(8080, 'http'), tcp(9090, 'metrics'), ...(r.chance(0.3) ? [tcp(8443, 'https')] : [])],
  },
  {
    key: 'api', weight: 42, component: 'server', tier: 'backend', kind: 'Deployment',
    names: [
      'api', 'orders', 'payments', 'users', 'auth', 'inventory', 'search', 'notifications', 'billing', 'catalog', 'cart',
      'checkout', 'recommendations', 'shipping', 'pricing', 'profile', 'ledger', 'accounts', 'sessions', 'graphql',
    ],
    ports: (r) => [tcp(8080, 'http'), tcp(9090, 'metrics'), ...(r.chance(0.3) ? [tcp(50051, 'grpc')] : [])],
  },
  {
    key: 'worker', weight: 20, component: 'worker', tier: 'backend', kind: 'Deployment',
    names: ['worker', 'consumer', 'scheduler', 'indexer', 'mailer', 'exporter', 'reconciler', 'processor'],
    ports: (r) => [tcp(9090, 'metrics'), ...(r.chance(0.5) ? [tcp(8080, 'http')] : [])],
  },
  {
    key: 'gateway', weight: 4, component: 'gateway', tier: 'frontend', kind: 'Deployment',
    names: ['gateway', 'edge-proxy', 'envoy'],
    ports: () => [tcp(8080, 'http'), tcp(8443, 'https'), tcp(9901, 'admin')],
  },
  { key: 'postgres', weight: 4, component: 'database', tier: 'data', kind: 'StatefulSet', names: ['postgres', 'pg'], ports: () => [tcp(5432, 'postgres'), tcp(9187, 'metrics')] },
  { key: 'redis', weight: 4, component: 'cache', tier: 'data', kind: 'StatefulSet', names: ['redis', 'cache'], ports: () => [tcp(6379, 'redis'), tcp(9121, 'metrics')] },
  { key: 'kafka', weight: 2, component: 'queue', tier: 'data', kind: 'StatefulSet', names: ['kafka'], ports: () => [tcp(9092, 'kafka'), tcp(9093, 'kafka-tls'), tcp(9404, 'metrics')] },
  { key: 'elasticsearch', weight: 1.5, component: 'search', tier: 'data', kind: 'StatefulSet', names: ['elasticsearch', 'opensearch'], ports: () => [tcp(9200, 'http'), tcp(9300, 'transport')] },
  { key: 'mongodb', weight: 1, component: 'database', tier: 'data', kind: 'StatefulSet', names: ['mongodb'], ports: () => [tcp(27017, 'mongodb')] },
  { key: 'rabbitmq', weight: 1.5, component: 'queue', tier: 'data', kind: 'StatefulSet', names: ['rabbitmq'], ports: () => [tcp(5672, 'amqp'), tcp(15692, 'prometheus')] },
  { key: 'zookeeper', weight: 1, component: 'coordination', tier: 'data', kind: 'StatefulSet', names: ['zookeeper'], ports: () => [tcp(2181, 'client'), tcp(2888, 'peer'), tcp(3888, 'election')] },
  { key: 'statsd', weight: 2, component: 'telemetry', tier: 'backend', kind: 'Deployment', names: ['statsd-exporter', 'syslog-relay'], ports: () => [udp(9125, 'statsd'), udp(514, 'syslog'), tcp(9102, 'metrics')] },
  { key: 'cron', weight: 2, component: 'job', tier: 'backend', kind: 'Deployment', names: ['cron-runner', 'migrator'], ports: () => [] },
];
