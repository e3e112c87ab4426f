/**
 * URL → what the request is about. Shapes the API server serves:
 *   /api/v1/<res>[/<name>[/<sub>]]                       cluster-scoped, or a namespaced kind across all namespaces
 *   /api/v1/namespaces/<ns>/<res>[/<name>[/<sub>]]       namespaced
 *   /apis/<group>/<version>/…                            the same for named groups
 * and the legacy `/watch/` segment after the version.
 */
import { ApiError } from '../errors';
import type { ResourceTable, ResourceType } from '../resources';

export type Route =
  | { type: 'version' }
  | { type: 'api' }
  | { type: 'apis' }
  | { type: 'group'; group: string }
  | { type: 'groupVersion'; group: string; version: string }
  | { type: 'collection'; rt: ResourceType; namespace?: string; watch: boolean }
  | { type: 'object'; rt: ResourceType; namespace?: string; name: string; sub?: string; watch: boolean };

function notServed(path: string): ApiError {
  return new ApiError('NotFound', `the server could not find the requested resource (${path})`);
}

export function route(path: string, table: ResourceTable): Route {
  const segs = path.split('/').filter((s) => s.length > 0).map(decodeURIComponent);
  if (segs.length === 1 && segs[0] === 'version') return { type: 'version' };
  let group: string;
  let version: string;
  let rest: string[];
  if (segs[0] === 'api') {
    if (segs.length === 1) return { type: 'api' };
    group = '';
    version = segs[1];
    rest = segs.slice(2);
  } else if (segs[0] === 'apis') {
    if (segs.length === 1) return { type: 'apis' };
    group = segs[1];
    if (segs.length === 2) {
      if (!table.groups().some((g) => g.group === group)) throw notServed(path);
      return { type: 'group', group };
    }
    version = segs[2];
    rest = segs.slice(3);
  } else throw notServed(path);
  if (!rest.length) return { type: 'groupVersion', group, version };
  let watch = false;
  if (rest[0] === 'watch') {
    watch = true;
    rest = rest.slice(1);
  }
  let namespace: string | undefined;
  if (rest[0] === 'namespaces' && rest.length >= 3) {
    namespace = rest[1];
    rest = rest.slice(2);
  }
  const rt = table.path(group, version, rest[0]);
  if (!rt || rest.length > 3 || (namespace !== undefined && !rt.namespaced)) throw notServed(path);
  if (rest.length === 1) return { type: 'collection', rt, namespace, watch };
  if (rt.namespaced && namespace === undefined) throw notServed(path);
  const sub = rest[2];
  if (sub !== undefined && sub !== 'status' && !rt.subresources.includes(sub)) throw notServed(path);
  return { type: 'object', rt, namespace, name: rest[1], sub, watch };
}
