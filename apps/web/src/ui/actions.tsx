import { useCallback, useState } from 'react';
import { UI_MSG } from './messages';

/** A write (POST/PUT/PATCH/DELETE) with its busy flag and error, for forms and row buttons. */
export function useAction(): { busy: boolean; error: unknown; run<T>(f: () => Promise<T>): Promise<T | undefined>; clear(): void } {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const run = useCallback(async <T,>(f: () => Promise<T>) => {
    setBusy(true);
    setError(null);
    try {
      return await f();
    } catch (e) {
      setError(e);
      return undefined;
    } finally {
      setBusy(false);
    }
  }, []);
  return { busy, error, run, clear: useCallback(() => setError(null), []) };
}

/** Copies text (a token, a command). Over plain http the Clipboard API may be missing: the text stays selectable. */
export function CopyButton({ text, label = UI_MSG.copy }: { text: string; label?: string }) {
  const [done, setDone] = useState(false);
  if (!navigator.clipboard) return null;
  return (
    <button
      type="button"
      onClick={() =>
        navigator.clipboard.writeText(text).then(
          () => {
            setDone(true);
            setTimeout(() => setDone(false), 1500);
          },
          () => setDone(false),
        )
      }
    >
      {done ? UI_MSG.copied : label}
    </button>
  );
}

/** A secret shown once: selectable, copyable, with the warning that it will not be shown again. */
export function ShownOnce({ value, warning, testId }: { value: string; warning: string; testId?: string }) {
  return (
    <div className="notice warn">
      <p>
        <span aria-hidden="true">⚠ </span>
        {warning}
      </p>
      <div className="row">
        <code className="secret" data-testid={testId}>
          {value}
        </code>
        <CopyButton text={value} />
      </div>
    </div>
  );
}
