import type { Formatter } from './common';
import { connectionText, profileLine, sortConnections } from './common';

/** `SRC => DST : CONN` per pair, sorted; a first `# CNI profile: …` line when the result depends on it. */
export const formatTxt: Formatter = (result, opts = {}) => {
  const lines: string[] = [];
  const profile = profileLine(result.profile, result.connections, opts);
  if (profile) lines.push(`# ${profile}`);
  for (const c of sortConnections(result.connections)) lines.push(connectionText(c));
  return lines.length ? lines.join('\n') + '\n' : '';
};
