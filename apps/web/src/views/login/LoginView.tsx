import { useState, type FormEvent } from 'react';
import { APP_MSG } from '../../app/messages';
import { useSession } from '../../app/session';
import { FormError } from '../../ui/states';

/** Email + password → POST /auth/login; the API sets the session cookie, the shell takes over. */
export function LoginView() {
  const { login } = useSession();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await login(email, password);
    } catch (err) {
      setError(err);
      setBusy(false);
    }
  };

  return (
    <main className="login" id="main">
      <form className="panel login-form" onSubmit={submit} aria-labelledby="login-title">
        <h1 id="login-title">
          <span aria-hidden="true">◎ </span>
          {APP_MSG.login.title}
        </h1>
        <p className="muted">{APP_MSG.tagline}</p>
        <label>
          {APP_MSG.login.email}
          <input type="email" name="email" autoComplete="username" required autoFocus value={email} onChange={(e) => setEmail(e.target.value)} data-testid="login-email" />
        </label>
        <label>
          {APP_MSG.login.password}
          <input type="password" name="password" autoComplete="current-password" required value={password} onChange={(e) => setPassword(e.target.value)} data-testid="login-password" />
        </label>
        <FormError error={error} />
        <button type="submit" className="primary" disabled={busy} data-testid="login-submit">
          {busy ? APP_MSG.login.submitting : APP_MSG.login.submit}
        </button>
        <p className="muted small">{APP_MSG.login.hint}</p>
      </form>
    </main>
  );
}
