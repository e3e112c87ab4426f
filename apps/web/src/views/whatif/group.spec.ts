import { describe, expect, it } from 'vitest';
import { groupConnections, groupExposures, touchedNamespaces } from './group';
import { combineManifests, manifestProblem, MAX_MANIFEST_BYTES } from './files';

const LOL = 'default/lol-default[Deployment]';
const YAHOO = 'yahoo/lol-yahoo[Deployment]';
const MIAO = 'yahoo/miao-yahoo[Deployment]';
const NET = '0.0.0.0/0[External]';

describe('what-if grouping', () => {
  it('groups connections by namespace pair, ranges as one side, everything sorted', () => {
    const groups = groupConnections([
      { src: MIAO, dst: LOL, ports: 'TCP 80' },
      { src: NET, dst: LOL, ports: 'TCP 80' },
      { src: YAHOO, dst: LOL, ports: 'TCP 80' },
      { src: LOL, dst: MIAO, ports: 'All Connections' },
    ]);
    expect(groups.map((g) => [g.key, g.rows.map((r) => r.src)])).toEqual([
      ['address ranges → default', [NET]],
      ['default → yahoo', [LOL]],
      ['yahoo → default', [YAHOO, MIAO]],
    ]);
  });

  it('puts internet exposures first', () => {
    const g = groupExposures([
      { reason: 'other-namespace', src: YAHOO, dst: LOL, ports: 'TCP 80' },
      { reason: 'internet', src: NET, dst: LOL, ports: 'TCP 80' },
    ]);
    expect(g.map((x) => [x.reason, x.rows.length])).toEqual([['internet', 1], ['other-namespace', 1]]);
    expect(groupExposures([])).toEqual([]);
  });

  it('ranks the namespaces a change touches', () => {
    expect(touchedNamespaces({
      added: [{ src: YAHOO, dst: LOL, ports: 'TCP 80' }, { src: MIAO, dst: LOL, ports: 'TCP 80' }],
      removed: [{ src: NET, dst: MIAO, ports: 'TCP 80' }],
    })).toEqual(['yahoo', 'default']);
  });
});

describe('manifest input', () => {
  it('joins typed text and files into one multi-document body, naming each file', () => {
    expect(combineManifests('kind: A\n', [{ name: 'b.yaml', text: 'kind: B\n---\nkind: C' }, { name: 'empty.yaml', text: '  \n' }]))
      .toBe('kind: A\n---\n# file: b.yaml\nkind: B\n---\nkind: C');
    expect(combineManifests('', [])).toBe('');
  });

  it('refuses an empty body and one over the API limit (counted in UTF-8 bytes)', () => {
    expect(manifestProblem('  ')).toMatch(/Paste manifests/);
    expect(manifestProblem('kind: A')).toBeNull();
    expect(manifestProblem('é'.repeat(MAX_MANIFEST_BYTES / 2))).toBeNull();
    expect(manifestProblem('é'.repeat(MAX_MANIFEST_BYTES / 2 + 1))).toBe('513 KiB of YAML: the API takes at most 512 KiB. Send fewer objects at once.');
  });
});
