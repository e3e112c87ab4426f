/**
 * The frameworks and their checks: which requirement each check answers and how it is computed (one
 * function of checks/ per requirement, or a combination of them). Titles and requirement texts are in
 * messages.ts (CHECK_TEXT).
 */
import { combine, type ClusterCheck } from './checks/outcome';
import { changeHistory } from './checks/changes';
import { documentedFlows, inRegister, insecurePorts, internetInbound, internetToDataStores } from './checks/flows';
import { egressAnywhere, noHostNetwork, restricted } from './checks/isolation';
import { defaultDeny, policiesDefined } from './checks/namespaces';
import { segmentation } from './checks/segmentation';
import { ComplianceError } from './errors';
import { CHECK_TEXT, FRAMEWORK_TEXT, msg } from './messages';
import type { FrameworkId } from './model';

export interface CheckDef {
  id: string;
  title: string;
  requirement: string;
  evaluate: ClusterCheck;
}

export interface Framework {
  id: FrameworkId;
  title: string;
  version: string;
  checks: CheckDef[];
}

export const FRAMEWORK_IDS: readonly FrameworkId[] = ['pci-dss-4.0.1', 'hipaa', 'cis-k8s', 'nsa-cisa'];

/** Short names accepted wherever a person types a framework (the CLI's --framework). */
export const FRAMEWORK_ALIASES: Readonly<Record<string, FrameworkId>> = {
  pci: 'pci-dss-4.0.1',
  'pci-dss': 'pci-dss-4.0.1',
  'pci-dss-4.0.1': 'pci-dss-4.0.1',
  hipaa: 'hipaa',
  cis: 'cis-k8s',
  'cis-k8s': 'cis-k8s',
  nsa: 'nsa-cisa',
  'nsa-cisa': 'nsa-cisa',
};

export function resolveFramework(name: string): FrameworkId {
  const id = FRAMEWORK_ALIASES[name.trim().toLowerCase()];
  if (!id) throw new ComplianceError('BAD_FRAMEWORK', msg.badFramework(name, Object.keys(FRAMEWORK_ALIASES)));
  return id;
}

const EVALUATORS: Record<FrameworkId, Record<string, ClusterCheck>> = {
  'pci-dss-4.0.1': {
    '1.2.1': (c) => defaultDeny(c, ['Ingress', 'Egress']),
    '1.2.2': (c) => changeHistory(c, 'control'),
    '1.2.4': documentedFlows,
    '1.2.5': (c) => inRegister(c, 'boundary'),
    '1.2.6': insecurePorts,
    '1.3.1': (c) => restricted(c, 'ingress'),
    '1.3.2': (c) => restricted(c, 'egress'),
    '1.4.2': internetInbound,
    '1.4.4': internetToDataStores,
    '11.4.5': segmentation,
  },
  hipaa: {
    '164.312(a)(1)': (c) => combine([defaultDeny(c, ['Ingress']), restricted(c, 'ingress'), inRegister(c, 'inbound')]),
    '164.312(b)': (c) => changeHistory(c, 'control'),
    '164.312(e)(1)': (c) => combine([insecurePorts(c), egressAnywhere(c)]),
    '164.308(a)(1)(ii)(D)': (c) => combine([inRegister(c, 'boundary'), changeHistory(c, 'exposures')]),
  },
  'cis-k8s': {
    '5.3.2': policiesDefined,
  },
  'nsa-cisa': {
    'NS-1': (c) => defaultDeny(c, ['Ingress', 'Egress']),
    'NS-2': (c) => inRegister(c, 'cross-namespace'),
    'NS-3': noHostNetwork,
  },
};

export function framework(id: FrameworkId): Framework {
  const evaluators = EVALUATORS[id];
  if (!evaluators) throw new ComplianceError('BAD_FRAMEWORK', msg.badFramework(id, [...FRAMEWORK_IDS]));
  const text = CHECK_TEXT[id];
  return {
    id,
    title: FRAMEWORK_TEXT[id].title,
    version: FRAMEWORK_TEXT[id].version,
    checks: Object.keys(evaluators).map((checkId) => ({ id: checkId, ...text[checkId], evaluate: evaluators[checkId] })),
  };
}
