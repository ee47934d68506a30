import type { SqlMigrationAwareDriverAdapterFactory } from '@prisma/driver-adapter-utils';
import { ServiceUnavailableError } from '../errors/AppError.js';
import type { Db } from './connect.js';
import { openSchemaEngine } from './schemaEngine.js';
import { NO_FILTERS, readMigrationsList, readSchema } from './migrationFiles.js';

export class NewerDatabaseError extends Error {
  constructor(readonly unknownMigrations: string[]) {
    super(
      `This database was migrated by a newer version of the app: it has migration(s) ${unknownMigrations.join(', ')} ` +
        'that this build does not know. Refusing to start so the newer schema is not damaged. ' +
        'Run the newer version, or point DATABASE_URL / DATA_DIR at another database.',
    );
    this.name = 'NewerDatabaseError';
  }
}

export interface MigrationStatus {
  applied: string[];
  pending: string[];
  unknown: string[];
}

/** Compare what the database recorded in _prisma_migrations with prisma/migrations. */
export async function migrationStatus(prisma: Db): Promise<MigrationStatus> {
  const list = await readMigrationsList();
  const local = list.migrationDirectories.map((d) => d.path);
  const exists = await prisma.$queryRawUnsafe<{ present: boolean }[]>(
    `SELECT to_regclass('public._prisma_migrations') IS NOT NULL AS present`,
  );
  const rows = exists[0]?.present
    ? await prisma.$queryRawUnsafe<{ migration_name: string }[]>(
        `SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL ORDER BY migration_name`,
      )
    : [];
  const applied = rows.map((r) => r.migration_name);
  return {
    applied,
    pending: local.filter((m) => !applied.includes(m)),
    unknown: applied.filter((m) => !local.includes(m)),
  };
}

/**
 * Apply pending migrations exactly as `prisma migrate deploy` would, recording
 * them in _prisma_migrations, so a machine with the CLI agrees with us.
 */
export async function applyMigrations(
  prisma: Db,
  adapterFactory: SqlMigrationAwareDriverAdapterFactory,
): Promise<string[]> {
  const status = await migrationStatus(prisma);
  if (status.unknown.length) throw new NewerDatabaseError(status.unknown);
  if (status.pending.length === 0) return [];
  const engine = await openSchemaEngine(await readSchema(), adapterFactory);
  try {
    const out = await engine.applyMigrations({ migrationsList: await readMigrationsList(), filters: NO_FILTERS });
    return out.appliedMigrationNames;
  } finally {
    engine.free();
  }
}

export async function assertMigrationsCurrent(prisma: Db): Promise<void> {
  const status = await migrationStatus(prisma);
  if (status.pending.length || status.unknown.length) {
    throw new ServiceUnavailableError(
      `Migrations not current: ${status.pending.length} pending, ${status.unknown.length} unknown.`,
    );
  }
}
