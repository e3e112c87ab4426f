import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildClusterState, Codes, loadManifests, parseManifests } from '../src';
import { clean, errors, FIXTURES, load, only, warnings } from './helpers';

const tree = path.join(FIXTURES, 'tree');

describe('loadManifests: files and folders', () => {
  it('reads folders recursively (.yaml, .yml, .json), sorted, skipping dot-entries and other extensions', () => {
    const r = loadManifests([tree]);
    expect(r.files).toEqual([
      path.join(tree, 'a-namespaces.yaml'),
      path.join(tree, 'b/nested/pods.json'),
      path.join(tree, 'b/policies.yml'),
    ]);
    expect(errors(r)).toEqual([]);
    expect(r.state.namespaces.map((n) => n.name)).toEqual(['bank', 'shop']);
    expect(r.state.pods.map((p) => `${p.namespace}/${p.name}`)).toEqual(['bank/teller-1', 'shop/web-1']);
    expect(r.state.networkPolicies.map((p) => p.name)).toEqual(['allow-web']);
  });

  it('kinds that do not affect reachability are one IGNORED_KIND warning per file and kind', () => {
    const r = loadManifests([tree]);
    expect(warnings(r).map((d) => [d.code, d.kind, d.documentIndex, d.message])).toEqual([
      ['IGNORED_KIND', 'ConfigMap', 1, `${path.join(tree, 'b/policies.yml')}#2 2 × v1 ConfigMap ignored: it does not affect pod reachability`],
      ['IGNORED_KIND', 'Secret', 3, `${path.join(tree, 'b/policies.yml')}#4 v1 Secret ignored: it does not affect pod reachability`],
    ]);
  });

  it('the order of the paths does not matter, and a file named twice is read once', () => {
    const a = loadManifests([path.join(tree, 'b'), path.join(tree, 'a-namespaces.yaml'), tree]);
    const b = loadManifests([tree]);
    expect(a.files).toEqual(b.files);
    expect(a.state).toEqual(b.state);
  });

  it('a file named explicitly is read whatever its extension', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'k8s-load-'));
    const file = path.join(dir, 'ns.txt');
    fs.writeFileSync(file, 'apiVersion: v1\nkind: Namespace\nmetadata: {name: txt}\n');
    expect(clean(loadManifests([file])).state.namespaces.map((n) => n.name)).toEqual(['txt']);
    fs.rmSync(dir, { recursive: true });
  });

  it('a path that does not exist is an error diagnostic, and the other paths still load', () => {
    const missing = path.join(FIXTURES, 'nope.yaml');
    const r = loadManifests([missing, path.join(tree, 'a-namespaces.yaml')]);
    expect(only(r, 'error', Codes.PATH_NOT_FOUND)).toMatchObject({ file: missing, message: `path "${missing}" does not exist` });
    expect(r.state.namespaces).toHaveLength(2);
  });

  it('reports progress per file', () => {
    const calls: [number, number][] = [];
    loadManifests([tree], { onProgress: (done, total) => calls.push([done, total]) });
    expect(calls).toEqual([
      [0, 3],
      [1, 3],
      [2, 3],
      [3, 3],
    ]);
  });
});

describe('documents', () => {
  it('a broken document is an error with file and index; the rest of the file still loads', () => {
    const file = path.join(FIXTURES, 'broken/mixed.yaml');
    const r = loadManifests([file]);
    expect(r.diagnostics.map((d) => [d.severity, d.code, d.documentIndex])).toEqual([
      ['error', Codes.PARSE_ERROR, 1],
      ['error', Codes.NOT_AN_OBJECT, 2],
      ['error', Codes.MISSING_KIND, 3],
      ['error', Codes.MISSING_API_VERSION, 4],
    ]);
    expect(r.diagnostics[0].message).toMatch(new RegExp(`^${file}#2 invalid YAML at line 8 \\(in the document starting at line 4\\): Flow sequence`));
    expect(r.diagnostics[1].message).toBe(
      `${file}#3 a manifest must be a Kubernetes object (a mapping with apiVersion and kind), got a string ("just a string")`,
    );
    expect(r.diagnostics[3].message).toBe(`${file}#5 Pod has no "apiVersion" (e.g. apiVersion: v1)`);
    expect(r.state.namespaces.map((n) => n.name)).toEqual(['first', 'last']);
  });

  it('invalid JSON is an error', () => {
    const file = path.join(FIXTURES, 'broken/bad.json');
    const d = only(loadManifests([file]), 'error', Codes.PARSE_ERROR);
    expect(d).toMatchObject({ file, documentIndex: 0 });
    expect(d.message).toContain('invalid JSON');
  });

  it('List items are read; *List items may omit kind and apiVersion', () => {
    const r = loadManifests([path.join(FIXTURES, 'list.yaml')]);
    expect(r.diagnostics.map((d) => [d.severity, d.code, d.message.replace(FIXTURES + '/', '')])).toEqual([
      ['error', Codes.MISSING_API_VERSION, 'list.yaml#1 items[2] Service has no "apiVersion" (e.g. apiVersion: v1)'],
      ['error', Codes.NOT_AN_OBJECT, 'list.yaml#1 items[3] a List item must be a Kubernetes object, got a number (42)'],
    ]);
    expect(r.state.namespaces).toEqual([{ name: 'shop', labels: { team: 'web', 'kubernetes.io/metadata.name': 'shop' } }]);
    expect(r.state.pods.map((p) => p.workload)).toEqual([{ kind: 'Deployment', name: 'api' }]);
  });

  it('a kind ending in "List" without items is an object, not a list', () => {
    const r = load(`apiVersion: example.com/v1\nkind: AllowList\nmetadata: {name: a}\nspec: {}`);
    expect(only(r, 'warning', Codes.IGNORED_KIND).message).toBe('test.yaml#1 example.com/v1 AllowList ignored: it does not affect pod reachability');
    const empty = clean(load(`apiVersion: v1\nkind: PodList\nitems: []`));
    expect(empty.state.pods).toEqual([]);
  });

  it('empty texts and empty documents are skipped silently', () => {
    expect(clean(parseManifests('', 'empty.yaml')).state.namespaces).toEqual([]);
    expect(clean(parseManifests('---\n# only a comment\n---\n', 'c.yaml')).state.pods).toEqual([]);
  });

  it('never throws, whatever the text', () => {
    for (const text of ['{', ':\n:', '- a\n- b', 'a: *nope', '\u0000\u0001', 'null', '[1, 2]', 'kind: 5\napiVersion: v1', '"x"']) {
      expect(() => parseManifests(text, 'fuzz.yaml')).not.toThrow();
    }
  });

  it('a duplicate object is a warning and the later one wins', () => {
    const r = load(`apiVersion: v1
kind: Namespace
metadata: {name: shop, labels: {v: "1"}}
---
apiVersion: v1
kind: Namespace
metadata: {name: shop, labels: {v: "2"}}`);
    const d = only(r, 'warning', Codes.DUPLICATE_OBJECT);
    expect(d).toMatchObject({ documentIndex: 1, kind: 'Namespace', name: 'shop' });
    expect(d.message).toBe('test.yaml#2 Namespace shop is defined again; this later definition replaces the one at test.yaml#1');
    expect(r.state.namespaces[0].labels.v).toBe('2');
  });

  it('the same name in different namespaces or kinds is no duplicate', () => {
    clean(
      load(`apiVersion: v1
kind: Pod
metadata: {name: a, namespace: x}
---
apiVersion: v1
kind: Pod
metadata: {name: a, namespace: y}
---
apiVersion: v1
kind: Service
metadata: {name: a, namespace: x}`),
    );
  });
});

describe('buildClusterState', () => {
  it('turns parsed objects (API JSON, watch payloads) into the model, Lists included', () => {
    const r = buildClusterState([
      { object: { apiVersion: 'v1', kind: 'NamespaceList', items: [{ metadata: { name: 'a' } }] }, source: 'api' },
      { object: { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', namespace: 'a' } }, source: 'api', documentIndex: 3 },
      { object: { apiVersion: 'v1', kind: 'Pod', metadata: {} }, source: 'watch' },
    ]);
    expect(r.files).toEqual(['api', 'watch']);
    expect(r.state.namespaces.map((n) => n.name)).toEqual(['a']);
    expect(r.state.pods.map((p) => p.name)).toEqual(['p']);
    expect(only(r, 'error', Codes.MISSING_FIELD).message).toBe('watch Pod (unnamed): metadata.name is required');
  });

  it('sorts every list, whatever the input order', () => {
    const objs = ['b/z', 'a/y', 'b/a'].map((k) => {
      const [namespace, name] = k.split('/');
      return { object: { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name, namespace }, spec: { podSelector: {} } } };
    });
    const r = buildClusterState(objs);
    expect(r.state.networkPolicies.map((p) => `${p.namespace}/${p.name}`)).toEqual(['a/y', 'b/a', 'b/z']);
    expect(buildClusterState([...objs].reverse()).state).toEqual(r.state);
  });
});
