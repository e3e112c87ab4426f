export { normalizeLiveObject, LAST_APPLIED_ANNOTATION } from './normalize';
export type { LiveObject, LiveMetadata, NormalizedLive } from './normalize';
export { latestManager } from './managed-fields';
export { LiveCodes } from './messages';
export { withDeploymentOwner } from './workload-owner';
