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
import { publishingPageRoutes } from './ui/publishing.js';
import { briefingApiRoutes } from './api/briefings.js';
import { reviewApiRoutes } from './api/review.js';
import { groundingApiRoutes } from './api/grounding.js';
import { briefingPageRoutes } from './ui/briefings.js';
import { sourceApiRoutes } from './api/sources.js';
import { feedApiRoutes } from './api/feeds.js';
import { sourcePageRoutes } from './ui/sources.js';
import { feedPageRoutes } from './ui/feeds.js';

import { insightsApiRoutes } from './api/insights.js';
import { insightsPageRoutes } from './ui/insights.js';
import { generationApiRoutes } from './api/generations.js';
import { generationPageRoutes } from './ui/generations.js';
import { scheduleApiRoutes } from './api/schedule.js';
import { schedulePageRoutes } from './ui/schedule.js';

/** Every route of the app. Add a capability's list here; pipeline.ts mounts them. */
export function allRoutes(): AnyRoute[] {
  const routes: AnyRoute[] = [
    ...generationApiRoutes,
    ...generationPageRoutes,
    ...briefingApiRoutes,
    ...reviewApiRoutes,
    ...groundingApiRoutes,
    ...briefingPageRoutes,
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
    ...publishingPageRoutes,
    ...sourceApiRoutes,
    ...feedApiRoutes,
    ...sourcePageRoutes,
    ...feedPageRoutes,
    ...insightsApiRoutes,
    ...insightsPageRoutes,
    ...scheduleApiRoutes,
    ...schedulePageRoutes,
  ];
  const all: AnyRoute[] = [...routes, ...openApiRoutes(() => all)];
  return all;
}
