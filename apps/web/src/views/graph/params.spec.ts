import { describe, expect, it } from 'vitest';
import { DEFAULT_GRAPH_PARAMS, decodeGraphParams, encodeGraphParams, graphQuery, readNamespaces, type GraphParams } from './params';

/** What the shell does with setParams: drop undefined keys. */
const toUrl = (p: GraphParams) => Object.fromEntries(Object.entries(encodeGraphParams(p)).filter(([, v]) => v !== undefined)) as Record<string, string>;

describe('graph URL parameters', () => {
  it('defaults print as nothing: the bare URL is the default view', () => {
    expect(toUrl(DEFAULT_GRAPH_PARAMS)).toEqual({});
    expect(decodeGraphParams({})).toEqual({ value: DEFAULT_GRAPH_PARAMS, problems: [] });
  });

  it('round-trips every field', () => {
    const p: GraphParams = {
      namespaces: ['back', 'front'],
      port: { protocol: 'UDP', port: 53 },
      peer: 'external',
      expand: ['back'],
      node: 'wl:back/db-service[Deployment]',
      edge: 'ns:front→wl:back/db-service[Deployment]',
      explainPort: { protocol: 'TCP', port: 9000 },
    };
    expect(toUrl(p)).toEqual({
      ns: 'back,front', port: 'UDP/53', peer: 'external', expand: 'back',
      node: 'wl:back/db-service[Deployment]', edge: 'ns:front→wl:back/db-service[Deployment]', eport: 'TCP/9000',
    });
    expect(decodeGraphParams(toUrl(p))).toEqual({ value: p, problems: [] });
  });

  it('tells "expand nothing" from "automatic"', () => {
    const none = { ...DEFAULT_GRAPH_PARAMS, expand: [] };
    expect(toUrl(none)).toEqual({ expand: '-' });
    expect(decodeGraphParams({ expand: '-' }).value.expand).toEqual([]);
    expect(decodeGraphParams({}).value.expand).toBe('auto');
  });

  it('sorts and deduplicates lists, so one state has one URL', () => {
    expect(toUrl({ ...DEFAULT_GRAPH_PARAMS, namespaces: ['b', 'a', 'b'] }).ns).toBe('a,b');
    expect(readNamespaces(' b, a ,,a')).toEqual({ names: ['a', 'b'], invalid: [] });
  });

  it('drops what is not valid and says so, keeping the rest', () => {
    const r = decodeGraphParams({ ns: 'ok,Not_OK', port: 'TCP/99999', peer: 'pods', eport: 'x', expand: 'fine,BAD!' });
    expect(r.value).toEqual({ ...DEFAULT_GRAPH_PARAMS, namespaces: ['ok'], expand: ['fine'] });
    expect(r.problems).toEqual([
      'Ignored “ns=Not_OK” in the link: not a valid value.',
      'Ignored “port=TCP/99999” in the link: not a valid value.',
      'Ignored “peer=pods” in the link: not a valid value.',
      'Ignored “expand=BAD!” in the link: not a valid value.',
      'Ignored “eport=x” in the link: not a valid value.',
    ]);
  });

  it('builds the API query from the filters', () => {
    expect(graphQuery({ ...DEFAULT_GRAPH_PARAMS, namespaces: ['a', 'b'], port: { protocol: 'TCP', port: 443 }, peer: 'workload' }))
      .toEqual({ namespaces: 'a,b', port: 'TCP/443', peer: 'workload' });
    expect(graphQuery(DEFAULT_GRAPH_PARAMS)).toEqual({ namespaces: undefined, port: undefined, peer: undefined });
  });
});
