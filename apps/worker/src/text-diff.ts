/**
 * A readable before/after diff of two Kubernetes objects for the audit trail: each side rendered as
 * YAML-like text with sorted keys (so equal objects give equal text), compared line by line, printed as
 * unified-diff hunks with 3 lines of context.
 */

/** Stable YAML-like rendering: keys sorted, strings quoted only when YAML would misread them. */
export function renderYaml(value: unknown, indent = ''): string[] {
  if (Array.isArray(value)) {
    if (value.length === 0) return [`${indent}[]`];
    const out: string[] = [];
    for (const item of value) {
      const inner = renderYaml(item, `${indent}  `);
      out.push(`${indent}- ${inner[0].trimStart()}`, ...inner.slice(1));
    }
    return out;
  }
  if (value !== null && typeof value === 'object') {
    const keys = Object.keys(value).sort();
    if (keys.length === 0) return [`${indent}{}`];
    const out: string[] = [];
    for (const k of keys) {
      const v = (value as Record<string, unknown>)[k];
      if (v !== null && typeof v === 'object' && (Array.isArray(v) ? v.length > 0 : Object.keys(v).length > 0)) {
        out.push(`${indent}${scalar(k)}:`, ...renderYaml(v, `${indent}  `));
      } else {
        out.push(`${indent}${scalar(k)}: ${renderYaml(v)[0]}`);
      }
    }
    return out;
  }
  return [`${indent}${scalar(value)}`];
}

function scalar(v: unknown): string {
  if (typeof v !== 'string') return v === undefined ? 'null' : JSON.stringify(v);
  return /^[A-Za-z0-9_./-][A-Za-z0-9_./:-]*$/.test(v) && !/^(true|false|null|yes|no|on|off|~|[-+]?[0-9.]+(e[0-9]+)?)$/i.test(v) ? v : JSON.stringify(v);
}

type Op = { t: ' ' | '-' | '+'; line: string };

/** Line diff by longest common subsequence; above `maxCells` comparisons it falls back to replace-all. */
export function diffLines(a: readonly string[], b: readonly string[], maxCells = 4_000_000): Op[] {
  // Strip the common head and tail first: policy edits usually touch a few lines in the middle.
  let head = 0;
  while (head < a.length && head < b.length && a[head] === b[head]) head++;
  let tail = 0;
  while (tail < a.length - head && tail < b.length - head && a[a.length - 1 - tail] === b[b.length - 1 - tail]) tail++;
  const x = a.slice(head, a.length - tail);
  const y = b.slice(head, b.length - tail);
  const mid: Op[] = [];
  if (x.length * y.length > maxCells) {
    mid.push(...x.map((line) => ({ t: '-' as const, line })), ...y.map((line) => ({ t: '+' as const, line })));
  } else {
    const n = x.length;
    const m = y.length;
    const L = Array.from({ length: n + 1 }, () => new Uint32Array(m + 1));
    for (let i = n - 1; i >= 0; i--) for (let j = m - 1; j >= 0; j--) L[i][j] = x[i] === y[j] ? L[i + 1][j + 1] + 1 : Math.max(L[i + 1][j], L[i][j + 1]);
    let i = 0;
    let j = 0;
    while (i < n || j < m) {
      if (i < n && j < m && x[i] === y[j]) {
        mid.push({ t: ' ', line: x[i] });
        i++;
        j++;
      } else if (i < n && (j === m || L[i + 1][j] >= L[i][j + 1])) mid.push({ t: '-', line: x[i++] }); // removals first, as diff(1)
      else mid.push({ t: '+', line: y[j++] });
    }
  }
  return [...a.slice(0, head).map((line) => ({ t: ' ' as const, line })), ...mid, ...a.slice(a.length - tail).map((line) => ({ t: ' ' as const, line }))];
}

/** Unified-diff text of two renderings; `''` when they are equal. */
export function unifiedDiff(before: readonly string[], after: readonly string[], labels: { before: string; after: string }, context = 3): string {
  const ops = diffLines(before, after);
  if (ops.every((o) => o.t === ' ')) return '';
  const out = [`--- ${labels.before}`, `+++ ${labels.after}`];
  // Keep each changed line and `context` lines around it; gaps become `@@` separators.
  const keep = new Array<boolean>(ops.length).fill(false);
  ops.forEach((o, i) => {
    if (o.t === ' ') return;
    for (let k = Math.max(0, i - context); k <= Math.min(ops.length - 1, i + context); k++) keep[k] = true;
  });
  let aLine = 1;
  let bLine = 1;
  let inHunk = false;
  ops.forEach((o, i) => {
    if (keep[i]) {
      if (!inHunk) out.push(`@@ line ${aLine} → ${bLine} @@`);
      inHunk = true;
      out.push(`${o.t} ${o.line}`);
    } else inHunk = false;
    if (o.t !== '+') aLine++;
    if (o.t !== '-') bLine++;
  });
  return out.join('\n');
}
