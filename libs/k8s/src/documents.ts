/**
 * One text → its documents: multi-document YAML, or JSON (one object; JSON is tried first when the text
 * starts with `{`). A document that does not parse becomes an error diagnostic; the others still load.
 */
import { LineCounter, parseAllDocuments } from 'yaml';
import type { Collector } from './collect';
import { Codes, msg } from './messages';

export function addText(text: string, source: string, out: Collector): void {
  const body = text.replace(/^\uFEFF/, '');
  const trimmed = body.trimStart();
  if (trimmed.startsWith('{') || trimmed.startsWith('[')) {
    try {
      out.add({ object: JSON.parse(body), source, documentIndex: 0 });
      return;
    } catch (e) {
      // Not strict JSON: read it as YAML (a superset); report the JSON error if that fails too.
      if (addYaml(body, source, out, true)) return;
      out.report('error', Codes.PARSE_ERROR, { source, documentIndex: 0 }, msg.jsonError(e instanceof Error ? e.message : String(e)));
      return;
    }
  }
  addYaml(body, source, out, false);
}

/** Adds every document; with `dryIfBroken`, adds nothing and returns false when any document is broken. */
function addYaml(text: string, source: string, out: Collector, dryIfBroken: boolean): boolean {
  const lineCounter = new LineCounter();
  const docs = parseAllDocuments(text, { lineCounter, merge: true, prettyErrors: false });
  if (dryIfBroken && Array.from(docs).some((d) => d.errors.length)) return false;
  Array.from(docs).forEach((doc, documentIndex) => {
    const loc = { source, documentIndex };
    if (doc.errors.length) {
      const err = doc.errors[0];
      const line = lineCounter.linePos(err.pos[0]).line;
      const start = lineCounter.linePos(doc.range[0]).line;
      out.report('error', Codes.PARSE_ERROR, loc, msg.yamlError(err.message, line, start));
      return;
    }
    let object: unknown;
    try {
      object = doc.toJS({ maxAliasCount: 10_000 });
    } catch (e) {
      out.report('error', Codes.PARSE_ERROR, loc, msg.yamlError(e instanceof Error ? e.message : String(e)));
      return;
    }
    out.add({ object, ...loc });
  });
  return true;
}
