import { describe, expect, it } from 'vitest';
import { formatQuery, mergeParams, parseLocation, parseQuery, readList, routeHref, safeNext, switchCluster, writeList, type Route } from './routes';

describe('URL state', () => {
  it('parses every kind of route', () => {
    expect(parseLocation('/', '')).toEqual({ view: 'fleet', params: {} });
    expect(parseLocation('/fleet', '?q=east&sort=alerts')).toEqual({ view: 'fleet', params: { q: 'east', sort: 'alerts' } });
    expect(parseLocation('/clusters/demo-east', '')).toEqual({ view: 'namespaces', cluster: 'demo-east', params: {} });
    expect(parseLocation('/clusters/demo-east/audit', '?namespace=default')).toEqual({ view: 'audit', cluster: 'demo-east', params: { namespace: 'default' } });
    expect(parseLocation('/admin', '')).toEqual({ view: 'admin', section: 'users', params: {} });
    expect(parseLocation('/admin/webhooks', '')).toEqual({ view: 'admin', section: 'webhooks', params: {} });
    expect(parseLocation('/tokens', '')).toEqual({ view: 'tokens', params: {} });
    expect(parseLocation('/clusters/demo-east/nope', '').view).toBe('not-found');
    expect(parseLocation('/admin/nope', '').view).toBe('not-found');
    expect(parseLocation('/clusters/%E0%A4%A/graph', '').view).toBe('not-found'); // undecodable segment
  });

  it('prints one URL per state: sorted keys, empty values dropped, names encoded', () => {
    const r: Route = { view: 'namespaces', cluster: 'a b', params: { sort: 'pods', f: 'internet,cross-ns', q: '' } };
    expect(routeHref(r)).toBe('/clusters/a%20b/namespaces?f=internet%2Ccross-ns&sort=pods');
    const back = new URL(routeHref(r), 'http://x');
    expect(parseLocation(back.pathname, back.search)).toEqual({ view: 'namespaces', cluster: 'a b', params: { f: 'internet,cross-ns', sort: 'pods' } });
    expect(formatQuery({})).toBe('');
    expect(parseQuery('?a=1&a=2&b=')).toEqual({ a: '1' });
  });

  it('round-trips every route through its URL', () => {
    const routes: Route[] = [
      { view: 'fleet', params: { sort: 'worst' } },
      { view: 'graph', cluster: 'west', params: { namespaces: 'a,b', port: 'TCP/443' } },
      { view: 'explain', cluster: 'east', params: { from: 'yahoo/miao-yahoo', to: 'default/lol-default', port: 'TCP/80' } },
      { view: 'admin', section: 'approved-flows', params: {} },
      { view: 'alerts', params: { state: 'open', severity: 'critical,high' } },
    ];
    for (const r of routes) {
      const u = new URL(routeHref(r), 'http://x');
      expect(parseLocation(u.pathname, u.search)).toEqual(r);
    }
  });

  it('merges parameter changes: undefined and empty remove a key', () => {
    expect(mergeParams({ a: '1', b: '2' }, { b: undefined, c: '3', a: '' })).toEqual({ c: '3' });
  });

  it('switching cluster keeps the view and drops selections of the old cluster', () => {
    expect(switchCluster({ view: 'audit', cluster: 'a', params: { namespace: 'x' } }, 'b')).toEqual({ view: 'audit', cluster: 'b', params: {} });
    expect(switchCluster({ view: 'alerts', params: {} }, 'b')).toEqual({ view: 'namespaces', cluster: 'b', params: {} });
  });

  it('reads and writes comma lists sorted and unique', () => {
    expect(readList({ f: 'b, a,,b' }, 'f')).toEqual(['a', 'b']);
    expect(writeList(['b', 'a', 'b'])).toBe('a,b');
    expect(writeList([])).toBeUndefined();
  });

  it('only follows `next` to a path of this app', () => {
    expect(safeNext('/clusters/x/audit?seq=3')).toBe('/clusters/x/audit?seq=3');
    for (const bad of [undefined, '', 'https://evil.example', '//evil.example', '/\\evil.example', '/login?next=/x']) expect(safeNext(bad)).toBe('/fleet');
  });
});
