import { ADMIN_MSG } from './messages';

/** Cluster grants: every cluster (present and future), or exactly the ticked ones. */
export function GrantsPicker({ names, value, onChange }: { names: string[]; value: 'all' | string[]; onChange(v: 'all' | string[]): void }) {
  const list = value === 'all' ? [] : value;
  return (
    <fieldset className="row" style={{ border: 'none', padding: 0, margin: 0 }}>
      <legend className="small muted">{ADMIN_MSG.users.clusters}</legend>
      <label className="check">
        <input type="checkbox" checked={value === 'all'} onChange={(e) => onChange(e.target.checked ? 'all' : [])} />
        {ADMIN_MSG.users.allClusters}
      </label>
      {value !== 'all'
        ? names.map((n) => (
            <label key={n} className="check">
              <input type="checkbox" checked={list.includes(n)} onChange={(e) => onChange(e.target.checked ? [...list, n].sort() : list.filter((x) => x !== n))} />
              {n}
            </label>
          ))
        : null}
    </fieldset>
  );
}
