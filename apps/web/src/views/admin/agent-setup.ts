/**
 * A kustomize strategic-merge patch for apps/agent/deploy that sets the agent's cluster name and ingest
 * URL — the two values the API's setup steps ask the operator to edit by hand. The arguments are the
 * deployment's own (`--cluster`, `--ingest-url`, `--token-file`), in its order.
 */
export function agentPatch(cluster: string, ingestUrl: string): string {
  return [
    'apiVersion: apps/v1',
    'kind: Deployment',
    'metadata:',
    '  name: reachwatch-agent',
    '  namespace: reachwatch-agent',
    'spec:',
    '  template:',
    '    spec:',
    '      containers:',
    '        - name: agent',
    '          args:',
    '            - --cluster',
    `            - ${yamlScalar(cluster)}`,
    '            - --ingest-url',
    `            - ${yamlScalar(ingestUrl)}`,
    '            - --token-file',
    '            - /var/run/secrets/reachwatch/token',
    '',
  ].join('\n');
}

/** The ingest URL the API printed into its own command (`--ingest-url X`), else this page's origin. */
export function ingestUrlOf(command: string, fallback: string): string {
  return /--ingest-url\s+(\S+)/.exec(command)?.[1] ?? fallback;
}

function yamlScalar(s: string): string {
  return /^[A-Za-z0-9_./:-]+$/.test(s) && !/^(true|false|null|yes|no|on|off|~|[-+]?[0-9.]+)$/i.test(s) ? s : JSON.stringify(s);
}
