import type { Namespace } from '@reachwatch/policy-engine';
import { Codes, msg } from '../messages';
import { Ctx, join, Raw, readMeta, stringMap } from '../raw';

export const NAME_LABEL = 'kubernetes.io/metadata.name';

/** Labels always carry `kubernetes.io/metadata.name: <name>`, as the API server sets it. */
export function readNamespace(ctx: Ctx, raw: Raw): Namespace {
  const { name, meta } = readMeta(ctx, raw, false);
  const labels = stringMap(ctx, meta.labels, 'metadata.labels');
  if (labels[NAME_LABEL] !== undefined && labels[NAME_LABEL] !== name) {
    ctx.warn(Codes.NAMESPACE_LABEL_OVERRIDDEN, join('metadata', 'labels'), msg.nsLabelOverridden(labels[NAME_LABEL], name));
  }
  return { name, labels: { ...labels, [NAME_LABEL]: name } };
}

/** A namespace that objects live in but that has no Namespace object. */
export function impliedNamespace(name: string): Namespace {
  return { name, labels: { [NAME_LABEL]: name } };
}
