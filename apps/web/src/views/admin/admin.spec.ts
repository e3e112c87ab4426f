import { describe, expect, it } from 'vitest';
import { AlertRulesConfig } from '@reachwatch/contracts';
import { agentPatch, ingestUrlOf } from './agent-setup';
import { flowBody, peerText, type FlowForm } from './flows-form';
import { buildConfig, formOf, type RulesAnswer } from './rules-form';

const answer: RulesAnswer = {
  cluster: 'east', version: 3, updatedAt: null, updatedBy: null, severities: ['low', 'medium', 'high', 'critical'],
  config: {
    scopes: [{ name: 'pci', selector: 'pci=cde' }],
    rules: { 'lost-isolation': { enabled: false, ignore: [], namespaces: {} }, 'exposed-to-internet': { enabled: true, severity: 'critical', ignore: [{ namespace: 'dmz' }], namespaces: {} } },
  },
  rules: [
    { id: 'exposed-to-internet', description: 'd1', defaultSeverity: 'high', enabled: true, severity: 'critical' },
    { id: 'lost-isolation', description: 'd2', defaultSeverity: 'high', enabled: false, severity: 'high' },
    { id: 'namespace-without-policy', description: 'd3', defaultSeverity: 'low', enabled: true, severity: 'low' },
  ],
};

describe('alert rules form', () => {
  it('round-trips the stored config, omitting rules left at their defaults; the contract schema accepts it', () => {
    const f = formOf(answer);
    expect(f.rules.map((r) => [r.id, r.enabled, r.severity])).toEqual([
      ['exposed-to-internet', true, 'critical'],
      ['lost-isolation', false, 'default'],
      ['namespace-without-policy', true, 'default'],
    ]);
    const built = buildConfig(f);
    expect(built).toEqual({ ok: true, config: answer.config });
    expect(AlertRulesConfig.parse(built.ok && built.config)).toEqual(answer.config);
  });

  it('edits: severity override, a new scope, blank scope rows dropped; bad JSON names the rule', () => {
    const f = formOf(answer);
    f.rules[2] = { ...f.rules[2], severity: 'medium' };
    f.rules[0] = { ...f.rules[0], severity: 'default', extra: '{"ignore": [], "namespaces": {}}' };
    f.scopes.push({ name: ' hipaa ', selector: ' phi in (yes) ' }, { name: '', selector: '' });
    const built = buildConfig(f);
    expect(built.ok && built.config).toEqual({
      scopes: [{ name: 'pci', selector: 'pci=cde' }, { name: 'hipaa', selector: 'phi in (yes)' }],
      rules: { 'lost-isolation': { enabled: false, ignore: [], namespaces: {} }, 'namespace-without-policy': { enabled: true, severity: 'medium', ignore: [], namespaces: {} } },
    });
    f.rules[1] = { ...f.rules[1], extra: '{oops' };
    expect(buildConfig(f)).toMatchObject({ ok: false, rule: 'lost-isolation' });
    f.rules[1] = { ...f.rules[1], extra: '[1]' };
    expect(buildConfig(f)).toMatchObject({ ok: false, rule: 'lost-isolation' });
  });
});

describe('approved flows form', () => {
  const base: FlowForm = {
    cluster: '', sourceType: 'namespace', sourceNamespace: ' front ', sourceWorkload: '', sourceCidr: '', destNamespace: 'back', destWorkload: ' db ',
    ports: 'TCP/5432, UDP/53,,', justification: ' app reads orders ', owner: 'team-a', approver: 'ciso', approvedAt: '2026-11-01T00:00:00.000Z', expiresAt: '',
  };
  it('builds the three source forms and drops empty optional fields', () => {
    expect(flowBody(base)).toEqual({
      source: { namespace: 'front' }, destination: { namespace: 'back', workload: 'db' }, ports: ['TCP/5432', 'UDP/53'],
      justification: 'app reads orders', owner: 'team-a', approver: 'ciso', approvedAt: '2026-11-01T00:00:00.000Z',
    });
    expect(flowBody({ ...base, sourceType: 'internet', cluster: 'east', expiresAt: '2027-01-01T00:00:00.000Z' })).toMatchObject({ cluster: 'east', source: { internet: true }, expiresAt: '2027-01-01T00:00:00.000Z' });
    expect(flowBody({ ...base, sourceType: 'cidr', sourceCidr: '10.20.0.0/16 ' }).source).toEqual({ cidr: '10.20.0.0/16' });
  });
  it('prints stored peers', () => {
    expect(peerText({ internet: true }, 'internet')).toBe('internet');
    expect(peerText({ cidr: '10.0.0.0/8' }, 'internet')).toBe('10.0.0.0/8');
    expect(peerText({ namespace: 'a', workload: 'b' }, 'internet')).toBe('a/b');
    expect(peerText({ namespace: 'a' }, 'internet')).toBe('a/*');
  });
});

describe('agent setup', () => {
  it('takes the ingest URL from the API’s command and patches the deployment’s args', () => {
    const cmd = "REACHWATCH_AGENT_TOKEN='rwa_x' npm run start -w @reachwatch/agent -- --cluster prod-1 --ingest-url http://10.0.0.5:8080 --kubeconfig ~/.kube/config";
    expect(ingestUrlOf(cmd, 'http://fallback')).toBe('http://10.0.0.5:8080');
    expect(ingestUrlOf('no url here', 'http://fallback')).toBe('http://fallback');
    const patch = agentPatch('prod-1', 'http://10.0.0.5:8080');
    expect(patch).toContain('            - --cluster\n            - prod-1\n            - --ingest-url\n            - http://10.0.0.5:8080\n');
    expect(agentPatch('123', 'https://x')).toContain('- "123"');
  });
});
