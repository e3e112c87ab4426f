/**
 * Files and folders → ClusterState. Folders are read recursively (.yaml, .yml, .json; entries whose name
 * starts with "." are skipped); files named explicitly are read whatever their extension. All files are
 * read in sorted path order, so "the later definition wins" does not depend on the argument order.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { cmp } from './assemble';
import { finish } from './build';
import { Collector } from './collect';
import { addText } from './documents';
import { Codes, msg } from './messages';
import type { BuildOptions, Diagnostic, LoadOptions, LoadResult } from './types';

const EXTENSIONS = ['.yaml', '.yml', '.json'];

export function loadManifests(paths: string[], opts: LoadOptions = {}): LoadResult {
  const early: Diagnostic[] = [];
  const files = findFiles(paths, early);
  const collector = new Collector(opts);
  opts.onProgress?.(0, files.length);
  const read: string[] = [];
  files.forEach((file, i) => {
    let text: string | undefined;
    try {
      text = fs.readFileSync(file, 'utf8');
    } catch (e) {
      collector.report('error', Codes.READ_ERROR, { source: file }, msg.readError(file, errText(e)));
    }
    if (text !== undefined) {
      read.push(file);
      addText(text, file, collector);
    }
    opts.onProgress?.(i + 1, files.length);
  });
  return finish(collector, read, early);
}

/** One text (a file's content); `source` names it in diagnostics. */
export function parseManifests(text: string, source: string, opts: BuildOptions = {}): LoadResult {
  const collector = new Collector(opts);
  addText(text, source, collector);
  return finish(collector, [source]);
}

function findFiles(paths: string[], diagnostics: Diagnostic[]): string[] {
  const found = new Map<string, string>(); // resolved path → the path as found
  const visitedDirs = new Set<string>();
  const add = (file: string) => {
    const key = path.resolve(file);
    if (!found.has(key)) found.set(key, file);
  };
  const walk = (dir: string) => {
    let real: string;
    let entries: fs.Dirent[];
    try {
      real = fs.realpathSync(dir);
      if (visitedDirs.has(real)) return; // a symlink loop, or the same folder twice
      visitedDirs.add(real);
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch (e) {
      const text = msg.readError(dir, errText(e));
      diagnostics.push({ severity: 'error', code: Codes.READ_ERROR, file: dir, message: text, detail: text });
      return;
    }
    for (const entry of entries.sort((a, b) => cmp(a.name, b.name))) {
      if (entry.name.startsWith('.')) continue;
      const full = path.join(dir, entry.name);
      const stat = statOrUndefined(full);
      if (stat?.isDirectory()) walk(full);
      else if (stat?.isFile() && EXTENSIONS.includes(path.extname(entry.name).toLowerCase())) add(full);
    }
  };
  for (const p of paths) {
    const stat = statOrUndefined(p);
    if (!stat) {
      const text = msg.pathNotFound(p);
      diagnostics.push({ severity: 'error', code: Codes.PATH_NOT_FOUND, file: p, message: text, detail: text });
    }
    else if (stat.isDirectory()) walk(p);
    else add(p);
  }
  return [...found.values()].sort(cmp);
}

function statOrUndefined(p: string): fs.Stats | undefined {
  try {
    return fs.statSync(p);
  } catch {
    return undefined;
  }
}

function errText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
