import { useEffect, useRef, useState } from 'react';
import type { UserView } from '../api/types';
import { LiveIndicator } from '../live';
import { UI_MSG } from '../ui/messages';
import { Empty } from '../ui/states';
import { ClustersProvider, useClusters } from './clusters';
import { APP_MSG } from './messages';
import { Nav } from './Nav';
import { Link, navigate, useRouter } from './router';
import { routeHref } from './routes';
import { isTypingTarget, onKey, SHORTCUTS, type KeyState } from './shortcuts';
import { useTheme } from './theme';
import { UserMenu } from './UserMenu';
import { RoutedView } from './views';

/** The logged-in layout: header (live indicator, user menu), navigation, and the routed view. */
export function Shell({ user }: { user: UserView }) {
  const { route } = useRouter();
  return (
    <ClustersProvider routeCluster={'cluster' in route ? route.cluster : undefined}>
      <ShellBody user={user} />
    </ClustersProvider>
  );
}

function ShellBody({ user }: { user: UserView }) {
  const { route, setParams } = useRouter();
  const { theme, cycle } = useTheme();
  const { current } = useClusters();
  const [help, setHelp] = useState(false);
  const main = useRef<HTMLElement>(null);
  const keys = useRef<KeyState>({ pending: null });

  useEffect(() => {
    const onKeyDown = (e: KeyboardEvent) => {
      if (e.metaKey || e.ctrlKey || e.altKey || isTypingTarget(e.target)) return;
      const r = onKey(keys.current, e.key);
      keys.current = r.state;
      const t = r.target;
      if (!t) return;
      e.preventDefault();
      if (t.to === 'help') setHelp((h) => !h);
      else if (t.to === 'search') main.current?.querySelector<HTMLInputElement>('input[type="search"]')?.focus();
      else if (t.to === 'cluster') {
        if (current) navigate(routeHref({ view: t.view, cluster: current, params: {} }));
      } else navigate(`/${t.to}`);
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, [current]);

  // A new page moves focus to its content, so keyboard and screen-reader users start where it changed.
  const path = routeHref({ ...route, params: {} });
  useEffect(() => {
    main.current?.focus({ preventScroll: true });
  }, [path]);

  let content;
  if (route.view === 'not-found') {
    content = (
      <Empty title={APP_MSG.notFoundTitle}>
        <p>{APP_MSG.notFound(route.path)}</p>
        <Link href="/fleet">{APP_MSG.backToFleet}</Link>
      </Empty>
    );
  } else if (route.view === 'admin' && user.role !== 'admin') {
    content = <Empty title={APP_MSG.adminOnly} />;
  } else {
    content = <RoutedView route={route} setParams={setParams} />;
  }

  return (
    <div className="shell">
      <a className="skip-link" href="#main">
        {APP_MSG.skipToContent}
      </a>
      <header className="topbar">
        <Link href="/fleet" className="brand">
          <span aria-hidden="true">◎ </span>
          {APP_MSG.product}
        </Link>
        <LiveIndicator />
        <span className="spacer" />
        <button type="button" className="link-button" onClick={() => setHelp((h) => !h)} aria-expanded={help}>
          <span aria-hidden="true">⌨ </span>
          {APP_MSG.shortcutsTitle}
        </button>
        <button type="button" className="link-button" onClick={cycle} title={APP_MSG.themeHint} data-testid="theme-toggle">
          {APP_MSG.theme[theme]}
        </button>
        <UserMenu user={user} theme={theme} onTheme={cycle} />
      </header>
      <Nav route={route} user={user} />
      <main id="main" ref={main} tabIndex={-1} className="main">
        {help ? <ShortcutHelp onClose={() => setHelp(false)} /> : null}
        {content}
      </main>
    </div>
  );
}

function ShortcutHelp({ onClose }: { onClose(): void }) {
  return (
    <section className="panel shortcuts" aria-label={APP_MSG.shortcutsTitle} onKeyDown={(e) => e.key === 'Escape' && onClose()}>
      <h2>{APP_MSG.shortcutsTitle}</h2>
      <dl>
        {SHORTCUTS.map((s) => (
          <div key={s.keys}>
            <dt>
              <kbd>{s.keys}</kbd>
            </dt>
            <dd>{s.label}</dd>
          </div>
        ))}
      </dl>
      <button type="button" onClick={onClose} autoFocus>
        {UI_MSG.close}
      </button>
    </section>
  );
}
