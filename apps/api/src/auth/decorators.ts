import { SetMetadata } from '@nestjs/common';
import { ROLES, type Role } from '@reachwatch/db';

export const IS_PUBLIC = 'reachwatch:public';
export const REQUIRED_ROLES = 'reachwatch:roles';

/**
 * No user authentication on this controller or handler. Every route needs it by default (AuthGuard is
 * global); only login, ingest (agent tokens, its own guard) and the health probes opt out.
 */
export const Public = () => SetMetadata(IS_PUBLIC, true);

/** Only these roles may call the route (RolesGuard); without @Roles any authenticated user may. */
export const Roles = (...roles: [Role, ...Role[]]) => {
  for (const r of roles) if (!(ROLES as readonly string[]).includes(r)) throw new Error(`@Roles: unknown role ${r}`);
  return SetMetadata(REQUIRED_ROLES, roles);
};
