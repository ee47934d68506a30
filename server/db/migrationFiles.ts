import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';

import { projectRoot } from '../util/projectRoot.js';

export function prismaDir(): string {
  return path.join(projectRoot(), 'prisma');
}

export interface MigrationDir {
  path: string;
  migrationFile: { path: string; content: { tag: 'ok'; value: string } | { tag: 'error'; value: string } };
}

export async function readSchema(): Promise<{ path: string; content: string }> {
  const file = path.join(prismaDir(), 'schema.prisma');
  return { path: file, content: await readFile(file, 'utf8') };
}

/** The migrations folder in the shape the schema engine expects (what `prisma migrate` reads). */
export async function readMigrationsList() {
  const baseDir = path.join(prismaDir(), 'migrations');
  let entries: string[];
  try {
    entries = (await readdir(baseDir, { withFileTypes: true }))
      .filter((d) => d.isDirectory())
      .map((d) => d.name)
      .sort();
  } catch {
    entries = [];
  }
  const migrationDirectories: MigrationDir[] = [];
  for (const name of entries) {
    const sql = await readFile(path.join(baseDir, name, 'migration.sql'), 'utf8');
    migrationDirectories.push({
      path: name,
      migrationFile: { path: 'migration.sql', content: { tag: 'ok', value: sql } },
    });
  }
  let lockContent: string | null;
  try {
    lockContent = await readFile(path.join(baseDir, 'migration_lock.toml'), 'utf8');
  } catch {
    lockContent = null;
  }
  return {
    baseDir,
    lockfile: { path: 'migration_lock.toml', content: lockContent },
    shadowDbInitScript: '',
    migrationDirectories,
  };
}

export const NO_FILTERS = { externalTables: [] as string[], externalEnums: [] as string[] };
