import { createContext, useCallback, useContext, useMemo, useSyncExternalStore, type AnchorHTMLAttributes, type MouseEvent, type ReactNode } from 'react';
import { mergeParams, parseLocation, routeHref, type Params, type Route } from './routes';

/**
 * A history-based router in a few lines: the location is an external store (popstate + our own pushes),
 * the Route is derived from it, and links are plain <a href> so that middle-click, "copy link" and
 * keyboard activation work as on any web page.
 */
const CHANGE = 'reachwatch:navigate';

function subscribe(onChange: () => void): () => void {
  window.addEventListener('popstate', onChange);
  window.addEventListener(CHANGE, onChange);
  return () => {
    window.removeEventListener('popstate', onChange);
    window.removeEventListener(CHANGE, onChange);
  };
}

const snapshot = () => `${window.location.pathname}${window.location.search}`;

export function navigate(href: string, opts: { replace?: boolean } = {}): void {
  if (href === snapshot()) return;
  if (opts.replace) window.history.replaceState(null, '', href);
  else window.history.pushState(null, '', href);
  window.dispatchEvent(new Event(CHANGE));
}

interface RouterValue {
  route: Route;
  navigate: typeof navigate;
  setParams(next: Record<string, string | undefined>, opts?: { replace?: boolean }): void;
}

const RouterContext = createContext<RouterValue | null>(null);

export function RouterProvider({ children }: { children: ReactNode }) {
  const href = useSyncExternalStore(subscribe, snapshot);
  const route = useMemo(() => {
    const url = new URL(href, 'http://x');
    return parseLocation(url.pathname, url.search);
  }, [href]);
  const setParams = useCallback(
    (next: Record<string, string | undefined>, opts?: { replace?: boolean }) => {
      const params: Params = mergeParams(route.params, next);
      navigate(routeHref({ ...route, params } as Route), opts);
    },
    [route],
  );
  const value = useMemo(() => ({ route, navigate, setParams }), [route, setParams]);
  return <RouterContext.Provider value={value}>{children}</RouterContext.Provider>;
}

export function useRouter(): RouterValue {
  const v = useContext(RouterContext);
  if (!v) throw new Error('useRouter outside RouterProvider');
  return v;
}

/** An in-app link: a real anchor, handled without a reload unless the user asked for a new tab or window. */
export function Link({ href, onClick, children, ...rest }: AnchorHTMLAttributes<HTMLAnchorElement> & { href: string }) {
  const handle = (e: MouseEvent<HTMLAnchorElement>) => {
    onClick?.(e);
    if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey || rest.target) return;
    e.preventDefault();
    navigate(href);
  };
  return (
    <a href={href} onClick={handle} {...rest}>
      {children}
    </a>
  );
}
