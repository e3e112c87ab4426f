import type { Formatter } from './common';
import { endpointText, profileLine, sortConnections } from './common';

/** Inside a table cell: pipes escaped, backticks kept out of the code span. */
function cell(s: string): string {
  return '`' + s.replace(/`/g, "'").replace(/\|/g, '\\|') + '`';
}

/** A Markdown table Source | Destination | Connections, with the CNI profile above it when it matters. */
export const formatMd: Formatter = (result, opts = {}) => {
  const out: string[] = [];
  const profile = profileLine(result.profile, result.connections, opts);
  if (profile) out.push(`_${profile}_`, '');
  const cs = sortConnections(result.connections);
  if (cs.length === 0) {
    out.push('_No allowed connections._');
  } else {
    out.push('| Source | Destination | Connections |', '| --- | --- | --- |');
    for (const c of cs) out.push(`| ${cell(endpointText(c.src))} | ${cell(endpointText(c.dst))} | ${c.ports.toString().replace(/\|/g, '\\|')} |`);
  }
  return out.join('\n') + '\n';
};
