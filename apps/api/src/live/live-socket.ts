import type { LiveClientEvents, LiveServerEvents } from '@reachwatch/contracts';
import type { LiveCredentialRef } from '@reachwatch/db';
import type { Server, Socket } from 'socket.io';
import type { Principal } from '../auth/principal';

/** What the server keeps per connection. */
export interface LiveSocketData {
  principal: Principal;
  /** Subscribed clusters: id → name. */
  clusters: Map<number, string>;
  /** Clusters whose events were dropped for this client (too slow); a `resync` goes out once it drains. */
  overflowed: Set<number>;
}

/** Between API instances, through the Postgres adapter. */
export interface InterServerEvents {
  /** An alert changed by a person (acknowledged, resolved) on one instance: every instance tells its clients. */
  'alert-changed': (m: { clusterId: number; alertId: number }) => void;
}

export type LiveIo = Server<LiveClientEvents, LiveServerEvents, InterServerEvents, LiveSocketData>;
export type LiveSocket = Socket<LiveClientEvents, LiveServerEvents, InterServerEvents, LiveSocketData>;

export const clusterRoom = (clusterId: number): string => `cluster:${clusterId}`;

export function credentialOf(p: Principal): LiveCredentialRef {
  return p.credential.kind === 'session' ? { kind: 'session', id: p.credential.sessionId } : { kind: 'api-token', id: p.credential.tokenId };
}

/** Packets waiting on the server for this client (engine.io's write buffer; not in its public typings). */
export function bufferedPackets(s: LiveSocket): number {
  return (s.conn as unknown as { writeBuffer: unknown[] }).writeBuffer.length;
}
