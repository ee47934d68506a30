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
import { sitePageRoutes } from './ui/site.js';
import { publishingApiRoutes } from './api/publishing.js';
import { catalogueApiRoutes } from './api/catalogue.js';
import { catalogueAdminPageRoutes } from './ui/catalogueAdmin.js';
import { webhookApiRoutes } from './api/webhooks.js';
import { webhookAdminPageRoutes } from './ui/webhooksAdmin.js';
import { briefingApiRoutes } from './api/briefings.js';
import { reviewApiRoutes } from './api/review.js';

/** Every route of the app. Add a capability's list here; pipeline.ts mounts them. */
export function allRoutes(): AnyRoute[] {
  const routes: AnyRoute[] = [
    ...briefingApiRoutes,
    ...reviewApiRoutes,
    ...healthRoutes,
    ...authApiRoutes,
    ...userApiRoutes,
    ...apiTokenRoutes,
    ...auditApiRoutes,
    ...authPageRoutes,
    ...accountPageRoutes,
    ...adminPageRoutes,
    ...homePageRoutes,
    ...sitePageRoutes,
    ...publishingApiRoutes,
    ...catalogueApiRoutes,
    ...catalogueAdminPageRoutes,
    ...webhookApiRoutes,
    ...webhookAdminPageRoutes,
  ];
  const all: AnyRoute[] = [...routes, ...openApiRoutes(() => all)];
  return all;
}
