import type { IngestBatch, IngestEvent, IngestObject } from '@reachwatch/contracts';

export function pod(name: string, uid: string, rv: string, labels: Record<string, string> = {}, namespace = 'default'): IngestObject {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace, uid, resourceVersion: rv, labels },
    spec: { containers: [{ name: 'app', ports: [{ containerPort: 8080 }] }] },
  };
}

export function ns(name: string, uid: string, rv: string, labels: Record<string, string> = {}): IngestObject {
  return { apiVersion: 'v1', kind: 'Namespace', metadata: { name, uid, resourceVersion: rv, labels } };
}

export const added = (object: IngestObject, syncEpoch?: string): IngestEvent => ({ type: 'ADDED', object, ...(syncEpoch ? { syncEpoch } : {}) });
export const modified = (object: IngestObject): IngestEvent => ({ type: 'MODIFIED', object, manager: 'kubectl' });
export const deleted = (object: IngestObject): IngestEvent => ({ type: 'DELETED', object });
export const syncEnd = (kind: IngestObject['kind'], syncEpoch: string): IngestEvent => ({ type: 'SYNC_END', kind, syncEpoch });
export const batch = (...events: IngestEvent[]): IngestBatch => ({ agentId: 'agent-1', events });
