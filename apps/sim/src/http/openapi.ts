/**
 * Just enough OpenAPI v3 for kubectl to see that the server validates fields itself: kubectl's
 * QueryParamVerifierV3 looks, per group/version, for a PATCH operation tagged with the kind's
 * x-kubernetes-group-version-kind that takes a `fieldValidation` query parameter. Finding one, kubectl sends
 * fieldValidation=Strict instead of downloading schemas to validate client-side. No schemas are served.
 */
import { apiVersionOf, ResourceTable } from '../resources';

const gvPath = (group: string, version: string) => (group ? `apis/${group}/${version}` : `api/${version}`);

export function openapiIndex(table: ResourceTable): object {
  const paths: Record<string, object> = {};
  for (const t of table.types) paths[gvPath(t.group, t.version)] = { serverRelativeURL: `/openapi/v3/${gvPath(t.group, t.version)}?hash=sim` };
  return { paths };
}

export function openapiGroupVersion(table: ResourceTable, gv: string): object | undefined {
  const types = table.types.filter((t) => gvPath(t.group, t.version) === gv);
  if (!types.length) return undefined;
  const paths: Record<string, object> = {};
  for (const t of types) {
    const base = `/${gvPath(t.group, t.version)}${t.namespaced ? '/namespaces/{namespace}' : ''}/${t.resource}/{name}`;
    paths[base] = {
      patch: {
        operationId: `patch${t.kind}`,
        'x-kubernetes-group-version-kind': { group: t.group, version: t.version, kind: t.kind },
        parameters: [
          { name: 'fieldValidation', in: 'query', schema: { type: 'string', uniqueItems: true } },
          { name: 'fieldManager', in: 'query', schema: { type: 'string', uniqueItems: true } },
        ],
        responses: { '200': { description: 'OK' } },
      },
    };
  }
  return { openapi: '3.0.0', info: { title: 'Kubernetes (simulator)', version: apiVersionOf(types[0]) }, paths, components: {} };
}
