/**
 * network-policy-api conformance (README section 3): the base manifests with every StatefulSet expanded
 * into two real pods, one ANP/BANP manifest per test, the test's cumulative mutations, and its probes.
 */
import * as path from 'path';
import { Protocol } from '@reachwatch/policy-engine';
import { expandStatefulSets } from './cluster-sim';
import { corpusDir, deepClone, flattenLists, readJson, readYamlDocs } from './corpus';
import { prependRule, setPath, swapRules } from './mutations';
import { Raw, Scenario, isPolicyKind, policyKey } from './scenario';

export type Step =
  | { op: 'fetch_policy'; name: string; var?: string }
  | { op: 'set'; path: string; value: unknown; note?: string }
  | { op: 'swap_rules'; field: string; i: number; j: number }
  | { op: 'prepend_rule'; field: string; rule: unknown; note?: string }
  | { op: 'apply_patch' }
  | { op: 'delete_policy'; name: string; namespace?: string }
  | { op: 'probe'; from: string; to: { pod: string; note?: string }; protocol: Protocol; port: number; expect: 'allowed' | 'blocked' };

export interface NpapiTest {
  file: string;
  test: string;
  manifests: string[];
  subtests: { name: string; steps: Step[] }[];
}

export interface NpapiProbe {
  /** Stable id: `<Test>/<subtest #>/<probe #>` (1-based). */
  id: string;
  title: string;
  test: string;
  subtest: string;
  step: Extract<Step, { op: 'probe' }>;
}

export function npapiDir(): string {
  return corpusDir('network-policy-api');
}

export function readNpapiTests(): NpapiTest[] {
  const doc = readJson<{ tests: NpapiTest[] }>(path.join(npapiDir(), 'expectations.json'));
  for (const t of doc.tests) {
    for (const s of t.subtests) {
      for (const st of s.steps) {
        if (JSON.stringify(st).includes('UNPARSED_MUTATION')) {
          throw new Error(`${t.test} / ${s.name}: an UNPARSED_MUTATION step needs a hand translation in network-policy-api.ts`);
        }
      }
    }
  }
  return doc.tests;
}

export function listNpapiProbes(tests: readonly NpapiTest[]): NpapiProbe[] {
  const out: NpapiProbe[] = [];
  for (const t of tests) {
    t.subtests.forEach((s, si) => {
      let pi = 0;
      for (const st of s.steps) {
        if (st.op !== 'probe') continue;
        pi++;
        out.push({
          id: `${t.test}/${si + 1}/${pi}`,
          title: `${t.test}/${si + 1}/${pi} ${short(st.from)} -> ${short(st.to.pod)} ${st.protocol}/${st.port} ${st.expect} (${s.name})`,
          test: t.test,
          subtest: s.name,
          step: st,
        });
      }
    });
  }
  return out;
}

function short(podRef: string): string {
  return podRef.replace('network-policy-conformance-', '');
}

export interface NpapiProbeResult {
  id: string;
  expect: boolean;
  naive?: boolean;
  fast?: boolean;
  /** Full port sets, for the failure message. */
  detail: string;
  error?: string;
}

/**
 * Runs one test: all its subtests in order (mutations accumulate), every probe against both engines.
 * Returns one result per probe, keyed by probe id. An exception fails the remaining probes of the test
 * with that error rather than aborting the suite.
 */
export function runNpapiTest(t: NpapiTest): Map<string, NpapiProbeResult> {
  const results = new Map<string, NpapiProbeResult>();
  const dir = npapiDir();
  const base = flattenLists(readYamlDocs(path.join(dir, 'conformance/base/manifests.yaml'))) as Raw[];
  const { objects, ips } = expandStatefulSets(base);
  const policies = t.manifests.flatMap((m) => flattenLists(readYamlDocs(path.join(dir, m))) as Raw[]);
  for (const p of policies) if (!isPolicyKind(p.kind)) throw new Error(`${t.test}: ${p.kind} in a policy manifest`);

  const sc = new Scenario('calico');
  sc.addBase(objects);
  sc.addBase(policies);
  const ipOf = (pod: string) => {
    const ip = ips.get(pod);
    if (!ip) throw new Error(`no pod ${pod}`);
    return ip;
  };

  let fetched: Raw | undefined;
  let failure: string | undefined;
  t.subtests.forEach((s, si) => {
    let pi = 0;
    for (const st of s.steps) {
      if (st.op === 'probe') {
        pi++;
        const id = `${t.test}/${si + 1}/${pi}`;
        results.set(id, failure ? { id, expect: st.expect === 'allowed', detail: '', error: failure } : probe(sc, id, st, ipOf));
        continue;
      }
      if (failure) continue;
      try {
        switch (st.op) {
          case 'fetch_policy':
            // The live object, with every earlier mutation of this test.
            fetched = deepClone(sc.findPolicyByName(st.name));
            break;
          case 'set':
            fetched = setPath(need(fetched, st.op), st.path, st.value);
            break;
          case 'swap_rules':
            fetched = swapRules(need(fetched, st.op), st.field, st.i, st.j);
            break;
          case 'prepend_rule':
            fetched = prependRule(need(fetched, st.op), st.field, st.rule, ipOf);
            break;
          case 'apply_patch':
            sc.upsertPolicy(need(fetched, st.op));
            break;
          case 'delete_policy': {
            const kind = st.namespace ? 'NetworkPolicy' : st.name === 'default' ? 'BaselineAdminNetworkPolicy' : 'AdminNetworkPolicy';
            const key = st.namespace ? `${st.namespace}/${st.name}` : st.name;
            sc.deletePolicy(kind, key);
            if (fetched && fetched.kind === kind && policyKey(fetched) === key) fetched = undefined;
            break;
          }
          default:
            throw new Error(`unknown step ${JSON.stringify(st)}`);
        }
      } catch (e) {
        failure = `step ${JSON.stringify(st)} failed: ${e instanceof Error ? e.stack ?? e.message : String(e)}`;
      }
    }
  });
  return results;
}

function need(fetched: Raw | undefined, op: string): Raw {
  if (!fetched) throw new Error(`${op} without a fetched policy`);
  return fetched;
}

function probe(
  sc: Scenario,
  id: string,
  st: Extract<Step, { op: 'probe' }>,
  ipOf: (pod: string) => string,
): NpapiProbeResult {
  const expect = st.expect === 'allowed';
  try {
    ipOf(st.to.pod); // the destination must be a pod we simulate
    const ans = sc.ports({ pod: st.from }, { pod: st.to.pod });
    const naive = ans.naive.has(st.protocol, st.port);
    const fast = ans.fast.has(st.protocol, st.port);
    const detail =
      `naive: ${ans.naive.toString() || 'No Connections'}; fast: ${ans.fast.toString() || 'No Connections'}` +
      (ans.naive.equals(ans.fast) ? '' : ' (engines disagree)') +
      `; dst IP ${ipOf(st.to.pod)}; changes: ${sc.changeLog.join(', ')}`;
    return { id, expect, naive, fast, detail };
  } catch (e) {
    return { id, expect, detail: '', error: e instanceof Error ? e.stack ?? e.message : String(e) };
  }
}
