import { useEffect, useRef, useState } from 'react';
import type { UserView } from '../api/types';
import { FormError } from '../ui/states';
import { APP_MSG } from './messages';
import { Link } from './router';
import { useSession } from './session';
import type { ThemeChoice } from './theme';

/** The user's email as a menu button: role, personal tokens, theme, log out. Escape closes it. */
export function UserMenu({ user, theme, onTheme }: { user: UserView; theme: ThemeChoice; onTheme(): void }) {
  const { logout } = useSession();
  const [open, setOpen] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!open) return;
    const away = (e: MouseEvent) => {
      if (!box.current?.contains(e.target as Node)) setOpen(false);
    };
    document.addEventListener('mousedown', away);
    return () => document.removeEventListener('mousedown', away);
  }, [open]);
  return (
    <div className="user-menu" ref={box} onKeyDown={(e) => e.key === 'Escape' && setOpen(false)}>
      <button type="button" aria-haspopup="true" aria-expanded={open} aria-label={`${APP_MSG.userMenu}: ${user.email}`} data-testid="user-menu" onClick={() => setOpen((o) => !o)}>
        {user.email} <span aria-hidden="true">▾</span>
      </button>
      {open ? (
        <div className="menu" role="group" aria-label={APP_MSG.userMenu}>
          <p className="muted">{APP_MSG.role(user.role)}</p>
          <Link href="/tokens" onClick={() => setOpen(false)}>
            {APP_MSG.tokens}
          </Link>
          <button type="button" onClick={onTheme} title={APP_MSG.themeHint}>
            {APP_MSG.theme[theme]}
          </button>
          <button type="button" data-testid="logout" onClick={() => logout().catch(setError)}>
            {APP_MSG.logout}
          </button>
          <FormError error={error} />
        </div>
      ) : null}
    </div>
  );
}
