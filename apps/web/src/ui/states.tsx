import type { ReactNode } from 'react';
import { ApiError } from '../api/http';
import { useOptionalSession } from '../app/session';
import { UI_MSG } from './messages';

/** Loading, empty and error states: every view shows one of these instead of a blank area. */
export function Loading({ label = UI_MSG.loading }: { label?: string }) {
  return (
    <div className="state state-loading" role="status" aria-live="polite">
      <span className="spinner" aria-hidden="true" />
      {label}
    </div>
  );
}

export function Empty({ title, children }: { title: string; children?: ReactNode }) {
  return (
    <div className="state state-empty" role="status">
      <p className="state-title">{title}</p>
      {children ? <div className="state-hint">{children}</div> : null}
    </div>
  );
}

/** The message a person can act on: the API's own message, or what a network failure means. */
export function errorText(error: unknown): { title: string; message: string } {
  if (error instanceof ApiError) {
    if (error.status === 401) return { title: UI_MSG.errorTitle, message: UI_MSG.sessionEnded };
    if (error.status === 403) return { title: UI_MSG.forbiddenTitle, message: error.message || UI_MSG.forbidden };
    if (error.status === 404) return { title: UI_MSG.notFoundTitle, message: error.message };
    return { title: UI_MSG.errorTitle, message: error.message };
  }
  if (error instanceof TypeError) return { title: UI_MSG.errorTitle, message: UI_MSG.networkDown };
  return { title: UI_MSG.errorTitle, message: error instanceof Error ? error.message : String(error) };
}

export function ErrorState({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const { title, message } = errorText(error);
  const session = useOptionalSession();
  // An ended session: asking "who am I?" again turns the page into the login form (and back here after).
  const ended = error instanceof ApiError && error.status === 401 && session;
  return (
    <div className="state state-error" role="alert">
      <p className="state-title">
        <span aria-hidden="true">✗ </span>
        {title}
      </p>
      <p>{message}</p>
      {ended ? (
        <button type="button" className="primary" onClick={session.recheck}>
          {UI_MSG.logInAgain}
        </button>
      ) : onRetry ? (
        <button type="button" onClick={onRetry}>
          {UI_MSG.retry}
        </button>
      ) : null}
    </div>
  );
}

/** An inline error under a form (validation messages from the API's `details.issues`). */
export function FormError({ error }: { error: unknown }) {
  if (!error) return null;
  const { message } = errorText(error);
  const issues = error instanceof ApiError ? ((error.details as { issues?: { path: string; message: string }[] } | undefined)?.issues ?? []) : [];
  return (
    <div className="form-error" role="alert">
      <span aria-hidden="true">✗ </span>
      {message}
      {issues.length > 0 ? (
        <ul>
          {issues.map((i, n) => (
            <li key={n}>
              {i.path ? <code>{i.path}</code> : null} {i.message}
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
