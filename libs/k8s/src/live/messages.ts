/**
 * Every user-facing text of libs/k8s/src/live (the agent's view of watched objects). A message reads
 * `<Kind> <ns/name>: <field> <detail>`, like the rest of libs/k8s.
 */
import { describeValue } from '../messages';

export const LiveCodes = {
  NOT_AN_OBJECT: 'LIVE_NOT_AN_OBJECT',
  MISSING_FIELD: 'LIVE_MISSING_FIELD',
  INVALID_TYPE: 'LIVE_INVALID_TYPE',
} as const;

export const liveMsg = {
  notAnObject: (v: unknown) => `a watched object must be a JSON object, got ${describeValue(v)}`,
  required: () => 'is required (the API server always sets it; is this a real API object?)',
  expected: (what: string, v: unknown) => `must be ${what}, got ${describeValue(v)}`,
};
