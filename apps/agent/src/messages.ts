/** Every text of apps/agent a user can read (logs, errors, CLI usage), in one place. */
import type { LiveObject } from '@reachwatch/k8s';

const plural = (kind: string) => (kind.endsWith('y') ? `${kind.slice(0, -1)}ies` : `${kind}s`);
const secs = (ms: number) => (ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`);

export const agentMsg = {
  // ---- Kubernetes API ----
  noCluster: () => 'the kubeconfig has no current cluster (set a context with --context or current-context)',
  kubeHttp: (path: string, status: number, message: string) => `GET ${path} answered ${status}: ${message}`,
  kubeBadJson: (path: string, why: string) => `GET ${path} returned a body that is not a JSON object (${why})`,
  kubeTimeout: (path: string, ms: number) => `GET ${path} timed out after ${secs(ms)}`,
  listed: (kind: string, count: number, rv: string) => `listed ${count} ${plural(kind)} (resourceVersion ${rv}); watching`,
  listFailed: (kind: string, why: string, delayMs: number) => `listing ${plural(kind)} failed: ${why}; retrying in ${secs(delayMs)}`,
  listExpired: (kind: string) => `the paged list of ${plural(kind)} expired between pages (410 Gone); listing again`,
  listWithoutVersion: (kind: string) => `the list of ${plural(kind)} has no metadata.resourceVersion; cannot watch from it`,
  watchExpired: (kind: string, rv: string) =>
    `watch of ${plural(kind)}: resourceVersion ${rv} is too old (410 Gone); relisting, the server will drop what vanished`,
  watchDropped: (kind: string, why: string, rv: string, delayMs: number) =>
    `watch of ${plural(kind)} dropped (${why}); resuming from resourceVersion ${rv} in ${secs(delayMs)}`,
  watchErrorEvent: (code: unknown, message: unknown) => `the API server sent an ERROR event (${String(code)}): ${String(message)}`,
  watchHttp: (status: number, why: string) => `watch request answered ${status} ${why}`,
  watchStalled: (timeoutSeconds: number) => `no end of stream ${timeoutSeconds} s after the watch should have closed; connection presumed dead`,
  apiGone: (kind: string) => `the ${kind} API is gone (404: its CRD was removed); reporting no ${plural(kind)} and stopping that watch`,
  wrongKind: (expected: string, got: string) => `expected a ${expected} but received a ${got}`,
  contractViolation: (o: LiveObject, issues: { path: PropertyKey[]; message: string }[]) =>
    `${o.kind} ${o.metadata.namespace ? `${o.metadata.namespace}/` : ''}${o.metadata.name} does not fit the ingest contract: ${issues
      .map((i) => `${i.path.map(String).join('.')}: ${i.message}`)
      .join('; ')}`,
  invalidObject: (kind: string, why: string) => `skipped one ${kind} that cannot be sent: ${why}`,

  // ---- discovery ----
  optionalKinds: (present: string[], absent: string[]) =>
    `AdminNetworkPolicy API: ${present.length ? `watching ${present.join(', ')}` : 'not installed'}${absent.length && present.length ? `; absent: ${absent.join(', ')}` : ''}`,
  discoveryFailed: (why: string, delayMs: number) => `API discovery failed: ${why}; retrying in ${secs(delayMs)}`,

  // ---- ingest ----
  ingestTimeout: (ms: number) => `no answer within ${secs(ms)}`,
  ingestUnreachable: (url: string, why: string) => `cannot reach ingest at ${url}: ${why}`,
  ingestStatus: (status: number, message: string) => `ingest answered ${status}: ${message}`,
  tokenRefused: (status: number, message: string, cluster: string) =>
    `ingest refused the agent token (${status}: ${message}). The token is wrong, revoked, or belongs to another cluster than "${cluster}": ` +
    'check --token-file / REACHWATCH_AGENT_TOKEN against the token issued for this cluster. Stopping.',
  ingestRefused: (status: number, message: string) => `ingest refused a batch (${status}): ${message}. Stopping: re-sending it would be refused again.`,
  batchTooLarge: (events: number, why: string) => `a batch of ${events} events was too large (${why}); sending it in halves`,
  eventTooLarge: (why: string) => `ingest refused a single event as too large (${why}). Stopping.`,
  retrying: (events: number, why: string, delayMs: number) => `batch of ${events} events not delivered (${why}); retrying the same batch in ${secs(delayMs)}`,

  // ---- lifecycle ----
  started: (cluster: string, server: string, url: string, agentId: string) =>
    `agent ${agentId} watching cluster "${cluster}" at ${server}, sending to ${url}`,
  plainHttp: (server: string) => `the Kubernetes API at ${server} is plain HTTP (no TLS): fine for a local simulator, not for a real cluster`,
  stopping: () => 'stopping: closing watches and flushing queued events',
  stopped: (unsent: number) =>
    unsent === 0
      ? 'stopped; every event was delivered'
      : `stopped with ${unsent} events undelivered (ingest unreachable); the next start relists, and the server reconciles state from it`,
  largeQueue: (n: number) => `${n} events queued for ingest (it is slow or unreachable); they are kept in memory, in order`,

  // ---- options and CLI ----
  badOption: (name: string, why: string) => `invalid option ${name}: ${why}`,
  contextNotFound: (ctx: string, available: string[]) =>
    `context "${ctx}" is not in the kubeconfig (available: ${available.length ? available.join(', ') : 'none'})`,
  kubeconfigUnreadable: (path: string, why: string) => `cannot read kubeconfig "${path}": ${why}`,
  notInCluster: (why: string) => `no kubeconfig given and not running in a cluster (${why}); pass --kubeconfig`,
  tokenFileUnreadable: (path: string, why: string) => `cannot read the token file "${path}": ${why}`,
  tokenMissing: () => 'no agent token: pass --token-file PATH or set REACHWATCH_AGENT_TOKEN',
  usage: () =>
    [
      'usage: reachwatch-agent --cluster NAME --ingest-url URL [--token-file PATH] [--kubeconfig PATH] [--context CTX]',
      '                        [--agent-id ID] [--max-batch-events N] [--flush-ms MS] [--min-send-interval-ms MS]',
      '',
      '  --cluster          the cluster name registered in Reachwatch',
      '  --ingest-url       the Reachwatch API base URL, e.g. https://reachwatch.example.com',
      '  --token-file       file holding the agent token (else REACHWATCH_AGENT_TOKEN)',
      '  --kubeconfig       kubeconfig file (default: in-cluster service account)',
      '  --context          kubeconfig context (default: its current-context)',
      '  --agent-id         name of this agent in status and logs (default: hostname:pid)',
      '  --max-batch-events events per ingest batch (default and most 5000)',
      '  --flush-ms         longest wait before a partial batch is sent (default 25)',
      '  --min-send-interval-ms  shortest time between two partial batches (default 100; ingest allows 20 requests/s)',
    ].join('\n'),
  unknownArg: (arg: string) => `unknown argument "${arg}"`,
  missingValue: (flag: string) => `${flag} needs a value`,
  signal: (sig: string) => `${sig} received`,
  fatalExit: (why: string) => `agent stopped: ${why}`,
};
