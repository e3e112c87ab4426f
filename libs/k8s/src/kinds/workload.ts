/**
 * Workload controllers (Deployment, StatefulSet, DaemonSet, ReplicaSet, ReplicationController, Job,
 * CronJob): ONE representative pod built from the pod template. Its labels are the template's (the
 * workload's own metadata.labels do not select anything), it has no IPs and no node.
 */
import type { Pod } from '@reachwatch/policy-engine';
import { Codes, msg } from '../messages';
import { Ctx, join, optBool, optObject, Raw, readMeta, reqObject, stringMap } from '../raw';
import { containerPorts } from './containers';

export const WORKLOAD_KINDS = [
  'Deployment',
  'StatefulSet',
  'DaemonSet',
  'ReplicaSet',
  'ReplicationController',
  'Job',
  'CronJob',
] as const;
export type WorkloadKind = (typeof WORKLOAD_KINDS)[number];

export function isWorkloadKind(kind: string): kind is WorkloadKind {
  return (WORKLOAD_KINDS as readonly string[]).includes(kind);
}

export function readWorkload(ctx: Ctx, raw: Raw): Pod {
  const kind = ctx.kind;
  const { name, namespace } = readMeta(ctx, raw, true);
  const spec = reqObject(ctx, raw.spec, 'spec');
  let templatePath = 'spec.template';
  let template: unknown = spec.template;
  if (kind === 'CronJob') {
    const jobTemplate = reqObject(ctx, spec.jobTemplate, 'spec.jobTemplate');
    const jobSpec = reqObject(ctx, jobTemplate.spec, 'spec.jobTemplate.spec');
    templatePath = 'spec.jobTemplate.spec.template';
    template = jobSpec.template;
  }
  const tpl = optObject(ctx, template, templatePath) ?? ctx.fail(Codes.MISSING_FIELD, templatePath, msg.required('the pod template'));
  const tplMeta = optObject(ctx, tpl.metadata, join(templatePath, 'metadata')) ?? {};
  const podSpec = optObject(ctx, tpl.spec, join(templatePath, 'spec')) ?? {};
  return {
    namespace,
    name,
    labels: stringMap(ctx, tplMeta.labels, join(templatePath, 'metadata.labels')),
    ips: [],
    hostNetwork: optBool(ctx, podSpec.hostNetwork, join(templatePath, 'spec.hostNetwork')) ?? false,
    ports: containerPorts(ctx, podSpec, join(templatePath, 'spec')),
    workload: { kind, name },
  };
}
