import type { Db } from '../db/connect.js';
import { NotFoundError } from '../errors/AppError.js';

export const IMPORT_SELECT = {
  id: true,
  filename: true,
  format: true,
  createdAt: true,
  status: true,
  finishedAt: true,
  failure: true,
  total: true,
  added: true,
  updated: true,
  duplicates: true,
  unchanged: true,
  errors: true,
  warnings: true,
} as const;

/** The most recent import runs, running ones included. */
export function recentImportRuns(db: Db, take: number) {
  return db.importRun.findMany({ orderBy: { createdAt: 'desc' }, take, select: IMPORT_SELECT });
}

export async function importRun(db: Db, id: string) {
  const row = await db.importRun.findUnique({ where: { id }, select: IMPORT_SELECT });
  if (!row) throw new NotFoundError('Import run not found.');
  return row;
}
