import { useEffect } from 'react';
import { LiveProvider } from '../live';
import { ErrorState, Loading } from '../ui/states';
import { LoginView } from '../views/login/LoginView';
import { APP_MSG } from './messages';
import { navigate, RouterProvider, useRouter } from './router';
import { routeHref, safeNext } from './routes';
import { SessionProvider, useSession } from './session';
import { Shell } from './Shell';

export function App() {
  return (
    <SessionProvider>
      <RouterProvider>
        <Gate />
      </RouterProvider>
    </SessionProvider>
  );
}

/** No session: the login page (remembering where the user was going). A session: the shell, live. */
function Gate() {
  const { state, recheck, ended } = useSession();
  const { route } = useRouter();
  const here = routeHref(route);

  useEffect(() => {
    if (state.status === 'anonymous' && route.view !== 'login') navigate(`/login?next=${encodeURIComponent(here)}`, { replace: true });
    if (state.status === 'user' && route.view === 'login') navigate(safeNext(route.params.next), { replace: true });
  }, [state.status, route, here]);

  switch (state.status) {
    case 'checking':
      return <Loading label={APP_MSG.checking} />;
    case 'unreachable':
      return (
        <main className="center">
          <h1>{APP_MSG.unreachableTitle}</h1>
          <ErrorState error={state.error} onRetry={recheck} />
        </main>
      );
    case 'anonymous':
      return <LoginView />;
    case 'user':
      return route.view === 'login' ? (
        <Loading />
      ) : (
        <LiveProvider key={state.user.id} onSessionEnded={ended}>
          <Shell user={state.user} />
        </LiveProvider>
      );
  }
}
