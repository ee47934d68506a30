import type { Db } from '../db/connect.js';
import type { Role } from '../policies/actor.js';
import { createUser } from '../commands/users/createUser.js';
import { hashPassword } from '../auth/password.js';

/** Demo accounts, one per role. Printed at start; never created when NODE_ENV=production. */
export const DEMO_USERS: { email: string; displayName: string; roles: Role[]; password: string }[] = [
  { email: 'admin@demo.test', displayName: 'Avery Admin', roles: ['admin'], password: 'demo-admin-password' },
  { email: 'editor@demo.test', displayName: 'Elena Editor', roles: ['editor'], password: 'demo-editor-password' },
  { email: 'reviewer@demo.test', displayName: 'Tom Sullivan', roles: ['reviewer'], password: 'demo-reviewer-password' },
  // A second reviewer, so the demo's Insights page has more than one reviewer to compare.
  {
    email: 'reviewer2@demo.test',
    displayName: 'Priya Raman',
    roles: ['reviewer'],
    password: 'demo-reviewer2-password',
  },
];

/**
 * Creates missing demo users; with `reset`, also restores the existing ones to their
 * printed passwords, roles and active flag (what `npm run seed:demo` promises).
 */
export async function seedDemoUsers(db: Db, opts: { reset?: boolean } = {}): Promise<number> {
  let created = 0;
  for (const u of DEMO_USERS) {
    const exists = await db.user.findUnique({ where: { email: u.email }, select: { id: true } });
    if (exists) {
      if (opts.reset) {
        await db.user.update({
          where: { id: exists.id },
          data: {
            passwordHash: await hashPassword(u.password),
            roles: u.roles,
            active: true,
            displayName: u.displayName,
          },
        });
        await db.session.updateMany({ where: { userId: exists.id, revokedAt: null }, data: { revokedAt: new Date() } });
      }
      continue;
    }
    await createUser(db, null, u);
    created++;
  }
  return created;
}
