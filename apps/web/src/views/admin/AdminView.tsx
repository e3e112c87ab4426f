import { APP_MSG } from '../../app/messages';
import { Link } from '../../app/router';
import { ADMIN_SECTIONS, type AdminSection } from '../../app/routes';
import type { ViewProps } from '../contract';
import { AlertRulesAdmin } from './AlertRulesAdmin';
import { ApprovedFlowsAdmin } from './ApprovedFlowsAdmin';
import { ClustersAdmin } from './ClustersAdmin';
import { ADMIN_MSG } from './messages';
import { UsersAdmin } from './UsersAdmin';
import { WebhooksAdmin } from './WebhooksAdmin';

/** Admin pages as tabs (each a URL: /admin/users, /admin/clusters, …). The shell lets only admins in. */
export function AdminView({ section, params, setParams }: ViewProps & { section: AdminSection }) {
  return (
    <section aria-labelledby="admin-title">
      <h1 id="admin-title">{ADMIN_MSG.title}</h1>
      <nav className="tabs" aria-label={ADMIN_MSG.title}>
        {ADMIN_SECTIONS.map((s) => (
          <Link key={s} href={`/admin/${s}`} aria-current={s === section ? 'page' : undefined}>
            {APP_MSG.nav[s]}
          </Link>
        ))}
      </nav>
      {section === 'users' ? <UsersAdmin /> : null}
      {section === 'clusters' ? <ClustersAdmin /> : null}
      {section === 'alert-rules' ? <AlertRulesAdmin params={params} setParams={setParams} /> : null}
      {section === 'webhooks' ? <WebhooksAdmin /> : null}
      {section === 'approved-flows' ? <ApprovedFlowsAdmin /> : null}
    </section>
  );
}
