import type { AnyRoute } from '../http/route.js';
import { healthRoutes } from './api/health.js';
import { authApiRoutes } from './api/auth.js';
import { userApiRoutes } from './api/users.js';
import { apiTokenRoutes } from './api/apiTokens.js';
import { auditApiRoutes } from './api/audit.js';
import { openApiRoutes } from './api/openapi.js';
import { authPageRoutes } from './ui/auth.js';
import { accountPageRoutes } from './ui/account.js';
import { adminPageRoutes } from './ui/admin.js';
import { homePageRoutes } from './ui/home.js';

/** Every route of the app. Add a capability's list here; pipeline.ts mounts them. */
export function allRoutes(): AnyRoute[] {
  const routes: AnyRoute[] = [
    ...healthRoutes,
    ...authApiRoutes,
    ...userApiRoutes,
    ...apiTokenRoutes,
    ...auditApiRoutes,
    ...authPageRoutes,
    ...accountPageRoutes,
    ...adminPageRoutes,
    ...homePageRoutes,
  ];
  return [...routes, ...openApiRoutes(() => routes)];
}
