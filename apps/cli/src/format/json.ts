import type { Formatter } from './common';
import { connectionJson, jsonLines, sortConnections } from './common';

/**
 * `{"connections":[{"src":P,"dst":P,"all":bool,"ports":[{"protocol","from","to"}]}]}` and nothing else
 * (consumers, the conformance suite among them, rely on the exact shape). One connection per line.
 */
export const formatJson: Formatter = (result) =>
  `{"connections":${jsonLines(sortConnections(result.connections).map(connectionJson))}}\n`;
