import type { PoolClient } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';

/**
 * Bulk inserts with COPY … FROM STDIN (text format). For large insert-only writes (the journal of an
 * initial sync, the worker's baseline edges) COPY skips what a set-based INSERT … SELECT FROM
 * jsonb_to_recordset pays: parsing one big JSON document, then building every row from it. Measured here:
 * see apps/api/bench/ingest.ts.
 *
 * A column value is encoded by its JavaScript type: null/undefined → NULL, string → text, number/bigint →
 * its decimal text, boolean → t/f, Date → ISO 8601, string[] (use `textArray`) → a text[] literal, JsonText → its
 * text, any other object → its JSON (for json/jsonb columns).
 */
export type CopyValue = unknown;

/** Marks a string[] for a text[] column (a plain array would be encoded as JSON). */
export class TextArray {
  constructor(readonly items: readonly string[]) {}
}
export const textArray = (items: readonly string[]) => new TextArray(items);

/** JSON already serialised (for a json/jsonb column): lets one object written to two tables be serialised once. */
export class JsonText {
  constructor(readonly text: string) {}
}

/** Rows per COPY chunk handed to the socket: big enough to amortise writes, small enough to stream. */
const CHUNK_ROWS = 500;

/**
 * COPY `rows` into `table (columns)` on the client's connection (inside the caller's transaction, if any).
 * Identifiers come from the caller's code, never from input: they are checked to be plain names anyway.
 */
export async function copyRows(client: PoolClient, table: string, columns: readonly string[], rows: Iterable<readonly CopyValue[]>): Promise<number> {
  for (const id of [table, ...columns]) {
    if (!/^[a-z_][a-z0-9_]*$/.test(id)) throw new Error(`copyRows: "${id}" is not a plain identifier`);
  }
  const stream = client.query(copyFrom(`COPY ${table} (${columns.join(', ')}) FROM STDIN`));
  const done = new Promise<void>((resolve, reject) => {
    stream.on('finish', resolve);
    stream.on('error', reject);
  });
  let count = 0;
  let chunk: string[] = [];
  const flush = async () => {
    if (!chunk.length) return;
    const text = chunk.join('');
    chunk = [];
    if (!stream.write(text)) await new Promise<void>((resolve, reject) => {
      const onError = (e: Error) => reject(e);
      stream.once('error', onError);
      stream.once('drain', () => {
        stream.off('error', onError);
        resolve();
      });
    });
  };
  try {
    for (const row of rows) {
      if (row.length !== columns.length) throw new Error(`copyRows: a row of ${table} has ${row.length} values for ${columns.length} columns`);
      chunk.push(encodeRow(row));
      count++;
      if (chunk.length >= CHUNK_ROWS) await flush();
    }
    await flush();
    stream.end();
  } catch (e) {
    // Abort the COPY so the connection (and the caller's transaction) reports the failure.
    stream.destroy(e as Error);
    await done.catch(() => undefined);
    throw e;
  }
  await done;
  return count;
}

/** One line of COPY text format: tab-separated fields, `\N` for NULL, newline-terminated. */
export function encodeRow(row: readonly CopyValue[]): string {
  let line = '';
  for (let i = 0; i < row.length; i++) {
    if (i > 0) line += '\t';
    line += encodeField(row[i]);
  }
  return line + '\n';
}

function encodeField(v: CopyValue): string {
  if (v === null || v === undefined) return '\\N';
  switch (typeof v) {
    case 'string':
      return escapeText(v);
    case 'number':
      if (!Number.isFinite(v)) throw new Error(`copyRows: ${v} cannot be stored`);
      return String(v);
    case 'bigint':
      return String(v);
    case 'boolean':
      return v ? 't' : 'f';
    default:
      if (v instanceof Date) return v.toISOString();
      if (v instanceof TextArray) return escapeText(textArrayLiteral(v.items));
      if (v instanceof JsonText) return escapeText(v.text);
      if (typeof v !== 'object') throw new Error(`copyRows: a ${typeof v} cannot be stored`);
      return escapeText(JSON.stringify(v));
  }
}

/** COPY text format: backslash, newline, carriage return and tab are the characters that must be escaped. */
function escapeText(s: string): string {
  // The common case (no special character) costs four searches for one character, and no allocation:
  // five times cheaper than one regular-expression scan of a serialised object.
  if (s.indexOf('\\') < 0 && s.indexOf('\n') < 0 && s.indexOf('\r') < 0 && s.indexOf('\t') < 0) return s;
  return s.replace(/[\\\n\r\t]/g, (c) => (c === '\\' ? '\\\\' : c === '\n' ? '\\n' : c === '\r' ? '\\r' : '\\t'));
}

/**
 * A text[] literal with every element quoted (so commas, braces, spaces and the word NULL stay text), for
 * COPY and for query parameters (`$1::text[]`): cheaper than node-postgres' own encoding of a string[],
 * which escapes element by element, for the thousands of keys an ingest batch looks up.
 */
export function textArrayLiteral(items: readonly string[]): string {
  if (!items.length) return '{}';
  // Only a quote or a backslash needs escaping inside a quoted element.
  if (items.every((s) => s.indexOf('"') < 0 && s.indexOf('\\') < 0)) return `{"${items.join('","')}"}`;
  return `{${items.map((s) => `"${s.replace(/[\\"]/g, (c) => `\\${c}`)}"`).join(',')}}`;
}
