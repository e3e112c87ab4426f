/**
 * Stored Kubernetes objects (k8s_object.object, change_event.before/after) → the engine's model. Every
 * object goes through the libs/k8s normalisers; this file only adds what the live pipeline needs on
 * top: which kinds it reads, terminated pods as absent, and ReplicaSet-owned pods reported under their
 * Deployment.
 */
import { K8sObjectError, Codes, withDeploymentOwner, toAdminNetworkPolicy, toBaselineAdminNetworkPolicy, toNamespace, toNetworkPolicy, toNode, toPod, toService } from '@reachwatch/k8s';
import { ObjectKind, ObjectKinds, objectKey } from '@reachwatch/policy-engine';

export type ModelObject = { [K in ObjectKind]: { kind: K; key: string; object: ObjectKinds[K] } }[ObjectKind];

/** The outcome of reading one stored object: a model object, nothing (a finished pod), or a problem. */
export type ReadResult =
  | { status: 'ok'; model: ModelObject; warnings: string[] }
  | { status: 'absent'; reason: string }
  | { status: 'invalid'; code: string; message: string };

const READERS: { [K in ObjectKind]: (raw: unknown, onWarning: (code: string, message: string) => void) => ObjectKinds[K] } = {
  Namespace: (raw, onWarning) => toNamespace(raw, { onWarning }),
  Pod: (raw, onWarning) => withDeploymentOwner(toPod(raw, { onWarning })),
  Node: (raw, onWarning) => toNode(raw, { onWarning }),
  Service: (raw, onWarning) => toService(raw, { onWarning }),
  NetworkPolicy: (raw, onWarning) => toNetworkPolicy(raw, { onWarning }),
  AdminNetworkPolicy: (raw, onWarning) => toAdminNetworkPolicy(raw, { onWarning }),
  BaselineAdminNetworkPolicy: (raw, onWarning) => toBaselineAdminNetworkPolicy(raw, { onWarning }),
};

export function isModelKind(kind: string): kind is ObjectKind {
  return Object.prototype.hasOwnProperty.call(READERS, kind);
}

/** Never throws: a bad object is reported as `invalid` with the normaliser's message. */
export function readObject(kind: string, raw: unknown): ReadResult {
  if (!isModelKind(kind)) return { status: 'invalid', code: 'UNSUPPORTED_KIND', message: `kind ${kind} is not one the worker reads` };
  const warnings: string[] = [];
  try {
    const object = READERS[kind](raw, (_code, message) => warnings.push(message));
    return { status: 'ok', model: { kind, key: objectKey(kind, object as never), object } as ModelObject, warnings };
  } catch (e) {
    if (e instanceof K8sObjectError) {
      // A Succeeded/Failed pod takes no traffic: it is gone for reachability, not broken.
      if (e.code === Codes.POD_TERMINATED) return { status: 'absent', reason: e.message };
      return { status: 'invalid', code: e.code, message: e.message };
    }
    return { status: 'invalid', code: 'INTERNAL_ERROR', message: `${kind}: ${e instanceof Error ? e.message : String(e)}` };
  }
}
