import { z } from 'zod';

/**
 * The live contract: socket.io on the API's own origin, path `/socket.io`, default namespace.
 *
 * Handshake: the session cookie (browsers), or `auth: { token }` with a login session (`rws_…`) or a
 * personal API token (`rwp_…`). Agent tokens are refused. A refused handshake ends in `connect_error`
 * with `message` = the error code and `data` = `{ code, message }`.
 *
 * Then, per cluster (by name): emit `subscribe` `{ cluster }` with an acknowledgement callback. The ack
 * carries the journal position the subscription starts after (`seq`) and the agent's current status:
 * load the world through REST after the ack, then apply events in order; an event whose `toSeq` is not
 * above what the REST answer already reflects can be skipped. A cluster the user may not see is answered
 * exactly like one that does not exist.
 *
 * Every event carries the delta of journal positions (fromSeq, toSeq] of one cluster, never the world.
 * Bursts are coalesced: one event of each type covers every worker step that landed in a short window.
 * When a delta is too large to send (`truncated`), or a slow client missed events (`resync`), the client
 * re-reads that cluster through REST.
 */
export const LIVE_PATH = '/socket.io';

/** Client → server. */
export const LIVE_COMMANDS = { subscribe: 'subscribe', unsubscribe: 'unsubscribe' } as const;

/** Server → client. */
export const LIVE_EVENTS = {
  postureUpdated: 'posture.updated',
  edgesChanged: 'edges.changed',
  policyChanged: 'policy.changed',
  alertRaised: 'alert.raised',
  alertUpdated: 'alert.updated',
  agentStatus: 'agent.status',
  /** Events of a cluster were dropped for this client (it read too slowly): re-read the cluster. */
  resync: 'resync',
  /** The server ended a subscription (grant revoked, cluster deleted). */
  unsubscribed: 'unsubscribed',
} as const;
export type LiveEventName = (typeof LIVE_EVENTS)[keyof typeof LIVE_EVENTS];

const clusterName = z.string().min(1).max(253);
export const SubscribeRequest = z.object({ cluster: clusterName }).strict();
export type SubscribeRequest = z.infer<typeof SubscribeRequest>;
export const UnsubscribeRequest = SubscribeRequest;
export type UnsubscribeRequest = SubscribeRequest;

export type LiveErrorCode = 'unauthenticated' | 'validation_failed' | 'not_found' | 'too_many_subscriptions' | 'unavailable';
export interface LiveError {
  code: LiveErrorCode;
  message: string;
}

export interface AgentStatus {
  cluster: string;
  /** ISO time of the agent's last batch; null before the first. */
  lastSeenAt: string | null;
  syncState: 'pending' | 'syncing' | 'synced';
  /** The last journal position ingest wrote. */
  headSeq: number;
  /** How far the worker has applied the journal. */
  workerSeq: number;
  /** headSeq − workerSeq: journal events not yet reflected in posture, edges and alerts. */
  lagEvents: number;
}

export type SubscribeAck = { ok: true; cluster: string; seq: number; status: AgentStatus } | { ok: false; error: LiveError };
export type UnsubscribeAck = { ok: true; cluster: string } | { ok: false; error: LiveError };

/** The journal positions (fromSeq, toSeq] an event covers. */
export interface LiveRange {
  cluster: string;
  fromSeq: number;
  toSeq: number;
}

export interface LivePostureRow {
  namespace: string;
  pods: number;
  ingressIsolatedPods: number;
  egressIsolatedPods: number;
  policies: number;
  defaultDenyIngress: boolean;
  defaultDenyEgress: boolean;
  exposedToInternet: boolean;
  reachableFromOtherNamespaces: boolean;
  score: number;
  details: unknown;
  /** The journal position of the row's last change. */
  seq: number;
  updatedAt: string;
}

/** Namespaces whose posture changed (their new rows) and namespaces that no longer have one. */
export interface PostureUpdated extends LiveRange {
  namespaces: LivePostureRow[];
  removed: string[];
}

export type LiveEndpoint = { type: 'workload'; namespace: string; name: string; kind: string } | { type: 'external'; cidr: string; except: string[] };
export interface LivePortRange {
  protocol: 'TCP' | 'UDP' | 'SCTP';
  from: number;
  to: number;
}
/** A workload-level connection of a delta: the ports added or removed between src and dst. */
export interface LiveConnection {
  src: LiveEndpoint;
  dst: LiveEndpoint;
  all: boolean;
  ports: LivePortRange[];
  portsText: string;
}

/** Added and removed connections, per journal event, in order. */
export interface EdgesChanged extends LiveRange {
  changes: { seq: number; added: LiveConnection[]; removed: LiveConnection[] }[];
  addedCount: number;
  removedCount: number;
  /** The delta was too large to send (or not recorded, e.g. a worker rebuild): re-read the graph. */
  truncated: boolean;
}

/** One policy_audit entry, without the before/after objects and the diff (REST `audit` has them). */
export interface PolicyAuditSummary {
  id: number;
  seq: number;
  kind: string;
  namespace: string;
  name: string;
  action: 'created' | 'updated' | 'deleted' | 'relabelled';
  manager: string | null;
  occurredAt: string;
  addedCount: number;
  removedCount: number;
  exposureCount: number;
}

export interface PolicyChanged extends LiveRange {
  entries: PolicyAuditSummary[];
  /** More entries than one event carries: re-read the audit. */
  truncated: boolean;
}

export interface LiveAlert {
  id: number;
  rule: string;
  severity: 'low' | 'medium' | 'high' | 'critical';
  state: 'open' | 'acknowledged' | 'resolved';
  subjectKey: string;
  subject: unknown;
  message: string;
  details: unknown;
  firstSeen: string;
  lastSeen: string;
  firstSeq: number;
  lastSeq: number;
  resolvedAt: string | null;
}

/**
 * `alert.raised`: alerts first seen in the range. `alert.updated`: alerts refreshed, resolved, or changed
 * by a person (acknowledged, resolved through the API) — then fromSeq and toSeq are null.
 */
export interface AlertsEvent {
  cluster: string;
  fromSeq: number | null;
  toSeq: number | null;
  alerts: LiveAlert[];
  truncated: boolean;
}

export interface ResyncEvent {
  cluster: string;
  reason: 'slow-client';
}

export interface UnsubscribedEvent {
  cluster: string;
  reason: 'not_found';
}

/** socket.io typing for clients: `io(url) as Socket<LiveServerEvents, LiveClientEvents>`. */
export interface LiveServerEvents {
  'posture.updated': (e: PostureUpdated) => void;
  'edges.changed': (e: EdgesChanged) => void;
  'policy.changed': (e: PolicyChanged) => void;
  'alert.raised': (e: AlertsEvent) => void;
  'alert.updated': (e: AlertsEvent) => void;
  'agent.status': (e: AgentStatus) => void;
  resync: (e: ResyncEvent) => void;
  unsubscribed: (e: UnsubscribedEvent) => void;
}
export interface LiveClientEvents {
  subscribe: (req: SubscribeRequest, ack: (a: SubscribeAck) => void) => void;
  unsubscribe: (req: UnsubscribeRequest, ack: (a: UnsubscribeAck) => void) => void;
}
