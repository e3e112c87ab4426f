/**
 * Where the conformance corpus lives and how to read its files.
 *
 * A copy of the shared corpus (`shared/conformance`, Apache-2.0 upstream cases) is vendored under
 * ./corpus so that `npm test` needs nothing beside the repository. REACHWATCH_CONFORMANCE_DIR points the
 * suite at another copy (a newer corpus, before vendoring it). A missing corpus is a hard error, never a
 * skip: a suite that silently runs zero cases would hide every regression.
 */
import * as fs from 'fs';
import * as path from 'path';
import { parseAllDocuments } from 'yaml';

export const CORPUS_ROOT = path.resolve(process.env.REACHWATCH_CONFORMANCE_DIR ?? path.join(__dirname, 'corpus'));

export function corpusDir(...parts: string[]): string {
  const dir = path.join(CORPUS_ROOT, ...parts);
  if (!fs.existsSync(dir)) {
    throw new Error(
      `conformance corpus not found at ${dir} (the vendored copy, or REACHWATCH_CONFORMANCE_DIR)`,
    );
  }
  return dir;
}

export function readJson<T>(file: string): T {
  return JSON.parse(fs.readFileSync(file, 'utf8')) as T;
}

/** All YAML documents of a file (null documents dropped). Throws on a syntax error. */
export function readYamlDocs(file: string): unknown[] {
  const docs = parseAllDocuments(fs.readFileSync(file, 'utf8'));
  const out: unknown[] = [];
  for (const d of docs) {
    if (d.errors.length) throw new Error(`${file}: ${d.errors[0].message}`);
    const v = d.toJS();
    if (v !== null && v !== undefined) out.push(v);
  }
  return out;
}

export function readYaml<T>(file: string): T {
  const docs = readYamlDocs(file);
  if (docs.length !== 1) throw new Error(`${file}: expected one YAML document, found ${docs.length}`);
  return docs[0] as T;
}

/** Flattens `*List` objects (kind List, PodList, …) into their items. */
export function flattenLists(objs: unknown[]): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  for (const o of objs) {
    if (!o || typeof o !== 'object') continue;
    const r = o as Record<string, unknown>;
    if (typeof r.kind === 'string' && r.kind.endsWith('List') && Array.isArray(r.items)) out.push(...flattenLists(r.items));
    else out.push(r);
  }
  return out;
}

export function deepClone<T>(v: T): T {
  return JSON.parse(JSON.stringify(v)) as T;
}
