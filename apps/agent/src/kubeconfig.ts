/** The KubeConfig the agent watches with: given, from a file and context, or the pod's service account. */
import * as fs from 'node:fs';
import { KubeConfig } from '@kubernetes/client-node';
import { AgentOptionError } from './options';
import { agentMsg } from './messages';

export type KubeConfigSource = KubeConfig | { path: string; context?: string };

const SERVICE_ACCOUNT_TOKEN = '/var/run/secrets/kubernetes.io/serviceaccount/token';

export function resolveKubeConfig(source: KubeConfigSource | undefined, inCluster: boolean): KubeConfig {
  let kc: KubeConfig;
  if (source instanceof KubeConfig) {
    kc = source;
  } else if (source) {
    kc = new KubeConfig();
    try {
      kc.loadFromFile(source.path);
    } catch (e) {
      throw new AgentOptionError(agentMsg.kubeconfigUnreadable(source.path, (e as Error).message));
    }
    if (source.context) {
      if (!kc.getContextObject(source.context)) {
        throw new AgentOptionError(agentMsg.contextNotFound(source.context, kc.getContexts().map((c) => c.name)));
      }
      kc.setCurrentContext(source.context);
    }
  } else if (inCluster) {
    // loadFromCluster does not check anything: outside a pod it builds a config for "https://undefined:undefined".
    if (!process.env.KUBERNETES_SERVICE_HOST) throw new AgentOptionError(agentMsg.notInCluster('KUBERNETES_SERVICE_HOST is not set'));
    if (!fs.existsSync(SERVICE_ACCOUNT_TOKEN)) throw new AgentOptionError(agentMsg.notInCluster(`${SERVICE_ACCOUNT_TOKEN} does not exist`));
    kc = new KubeConfig();
    kc.loadFromCluster();
  } else {
    throw new AgentOptionError(agentMsg.badOption('kubeConfig', 'give a kubeConfig or set inCluster'));
  }
  const cluster = kc.getCurrentCluster();
  if (!cluster) throw new AgentOptionError(agentMsg.noCluster());
  return allowPlainHttp(kc);
}

/**
 * client-node refuses an http:// server unless skipTLSVerify is set ("HTTP protocol is not allowed…"),
 * although there is no TLS to verify; kubectl accepts the same kubeconfig. Local simulators (apps/sim,
 * `npm start`'s .reachwatch/kubeconfig) are plain HTTP, so set the flag on a copy for such servers.
 */
function allowPlainHttp(kc: KubeConfig): KubeConfig {
  const cluster = kc.getCurrentCluster();
  if (!cluster || !cluster.server.startsWith('http:') || cluster.skipTLSVerify) return kc;
  const copy = new KubeConfig();
  copy.loadFromOptions({
    clusters: kc.getClusters().map((c) => (c.name === cluster.name ? { ...c, skipTLSVerify: true } : c)),
    users: kc.getUsers(),
    contexts: kc.getContexts(),
    currentContext: kc.getCurrentContext(),
  });
  return copy;
}
