import { useId, useState, type ChangeEvent, type FormEvent } from 'react';
import { byteLength, type ManifestFile } from './files';
import { WHATIF_MSG } from './messages';

export interface EditorProps {
  typed: string;
  onTyped(text: string): void;
  files: ManifestFile[];
  onFiles(files: ManifestFile[]): void;
  /** Why it cannot run now (empty, too large), or null. */
  problem: string | null;
  running: boolean;
  onRun(): void;
  onClear(): void;
}

/** Paste and/or upload several YAML files; the run button sends them together. */
export function Editor({ typed, onTyped, files, onFiles, problem, running, onRun, onClear }: EditorProps) {
  const inputId = useId();
  const [readError, setReadError] = useState<string | null>(null);
  const add = async (e: ChangeEvent<HTMLInputElement>) => {
    const picked = [...(e.target.files ?? [])];
    e.target.value = '';
    setReadError(null);
    const read: ManifestFile[] = [];
    for (const f of picked) {
      try {
        read.push({ name: f.name, text: await f.text() });
      } catch {
        setReadError(WHATIF_MSG.readFailed(f.name));
      }
    }
    // A file added again replaces the earlier copy of the same name.
    const names = new Set(read.map((f) => f.name));
    onFiles([...files.filter((f) => !names.has(f.name)), ...read]);
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!problem && !running) onRun();
  };
  return (
    <form className="panel stack" onSubmit={submit} aria-label={WHATIF_MSG.title} data-testid="whatif-form">
      <label htmlFor={inputId}>{WHATIF_MSG.input}</label>
      <textarea id={inputId} rows={14} value={typed} onChange={(e) => onTyped(e.target.value)} placeholder={WHATIF_MSG.placeholder} spellCheck={false} data-testid="whatif-input" />
      <div className="row">
        <label className="rw-wi-upload">
          {WHATIF_MSG.upload}
          <input type="file" multiple accept=".yaml,.yml,.json,application/yaml,application/json,text/yaml" onChange={add} data-testid="whatif-upload" />
        </label>
      </div>
      {files.length ? (
        <ul className="taglist" aria-label={WHATIF_MSG.files}>
          {files.map((f) => (
            <li key={f.name} data-testid="whatif-file">
              {f.name} <span className="muted">({Math.ceil(byteLength(f.text) / 1024)} KiB)</span>{' '}
              <button type="button" className="link-button" onClick={() => onFiles(files.filter((x) => x.name !== f.name))} aria-label={WHATIF_MSG.remove(f.name)}>×</button>
            </li>
          ))}
        </ul>
      ) : null}
      <div className="row">
        <button type="submit" className="primary" disabled={!!problem || running} data-testid="whatif-run">{WHATIF_MSG.run}</button>
        <button type="button" onClick={onClear} disabled={running} data-testid="whatif-clear">{WHATIF_MSG.clear}</button>
        {problem && (typed || files.length) ? <span className="form-error" role="alert">{problem}</span> : null}
        {readError ? <span className="form-error" role="alert">{readError}</span> : null}
      </div>
    </form>
  );
}
