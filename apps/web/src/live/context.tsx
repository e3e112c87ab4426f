import { createContext, useContext, useEffect, useRef, useState, useSyncExternalStore, type ReactNode } from 'react';
import { LiveClient, type LiveHandler } from './client';
import { INITIAL_STATUS, type LiveStatus } from './status';

const LiveContext = createContext<LiveClient | null>(null);

/** Owns the page's one LiveClient while someone is logged in. */
export function LiveProvider({ children, onSessionEnded }: { children: ReactNode; onSessionEnded: () => void }) {
  const endedRef = useRef(onSessionEnded);
  endedRef.current = onSessionEnded;
  const [client] = useState(() => new LiveClient(() => endedRef.current()));
  useEffect(() => {
    client.start();
    return () => client.stop();
  }, [client]);
  return <LiveContext.Provider value={client}>{children}</LiveContext.Provider>;
}

/**
 * Receive a cluster's live messages while the component is mounted. The handler may change on every
 * render (it is read through a ref); the subscription follows only `cluster` (undefined: none).
 */
export function useLive(cluster: string | undefined, handler: LiveHandler): void {
  const client = useContext(LiveContext);
  const ref = useRef(handler);
  ref.current = handler;
  useEffect(() => {
    if (!client || !cluster) return;
    return client.subscribe(cluster, (m) => ref.current(m));
  }, [client, cluster]);
}

/** Several clusters at once (the fleet page watches every cluster it shows). */
export function useLiveMany(clusters: readonly string[], handler: LiveHandler): void {
  const client = useContext(LiveContext);
  const ref = useRef(handler);
  ref.current = handler;
  const key = [...clusters].sort().join(',');
  useEffect(() => {
    if (!client || !key) return;
    const offs = key.split(',').map((c) => client.subscribe(c, (m) => ref.current(m)));
    return () => offs.forEach((off) => off());
  }, [client, key]);
}

const noop = () => () => undefined;
const idle = () => INITIAL_STATUS;

export function useLiveStatus(): { status: LiveStatus; reconnectNow(): void } {
  const client = useContext(LiveContext);
  const status = useSyncExternalStore(client?.onStatus ?? noop, client?.getStatus ?? idle);
  return { status, reconnectNow: () => client?.reconnectNow() };
}
