import { useEffect, useMemo, useState, type FormEvent } from 'react';
import { MATRIX_MSG } from './messages';
import { MAX_NAMESPACES } from './params';

export interface NamespacePickerProps {
  all: string[];
  shown: string[];
  onApply(namespaces: string[]): void;
}

const LIST_MAX = 300;

/** Which namespaces are rows and columns: a search box and check boxes, at most 50 (the API's limit). */
export function NamespacePicker({ all, shown, onApply }: NamespacePickerProps) {
  const [chosen, setChosen] = useState<Set<string>>(new Set(shown));
  const [search, setSearch] = useState('');
  useEffect(() => setChosen(new Set(shown)), [shown]);
  const matches = useMemo(() => all.filter((n) => n.includes(search.trim())), [all, search]);
  const tooMany = chosen.size > MAX_NAMESPACES;
  const toggle = (n: string) => setChosen((s) => {
    const next = new Set(s);
    if (next.has(n)) next.delete(n);
    else next.add(n);
    return next;
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!tooMany && chosen.size) onApply([...chosen].sort());
  };
  return (
    <details className="panel rw-mx-picker" data-testid="matrix-picker">
      <summary>{MATRIX_MSG.namespaces}: {MATRIX_MSG.pick(shown.length, all.length, MAX_NAMESPACES)}</summary>
      <form onSubmit={submit} className="stack">
        <label>
          {MATRIX_MSG.search}
          <input type="search" value={search} onChange={(e) => setSearch(e.target.value)} data-testid="matrix-picker-search" />
        </label>
        <ul className="rw-mx-picker-list">
          {matches.slice(0, LIST_MAX).map((n) => (
            <li key={n}>
              <label className="check">
                <input type="checkbox" checked={chosen.has(n)} onChange={() => toggle(n)} data-testid="matrix-picker-ns" value={n} />
                {n}
              </label>
            </li>
          ))}
        </ul>
        <div className="row">
          <button type="submit" className="primary" disabled={tooMany || chosen.size === 0} data-testid="matrix-picker-apply">{MATRIX_MSG.apply} ({chosen.size})</button>
          <button type="button" onClick={() => onApply([])} data-testid="matrix-picker-reset">{MATRIX_MSG.reset}</button>
          {tooMany ? <span className="form-error" role="alert">{MATRIX_MSG.tooMany(MAX_NAMESPACES)}</span> : null}
          {chosen.size === 0 ? <span className="form-error" role="alert">{MATRIX_MSG.noneSelected}</span> : null}
        </div>
      </form>
    </details>
  );
}
