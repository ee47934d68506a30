import { rm } from 'node:fs/promises';
import { adminQuery } from './dbTemplates.js';

export async function dropDatabases(): Promise<void> {
  if (process.env.BD_PG_TEMPLATE) await adminQuery(`DROP DATABASE IF EXISTS ${process.env.BD_PG_TEMPLATE} WITH (FORCE)`);
  if (process.env.BD_TEST_TMP) await rm(process.env.BD_TEST_TMP, { recursive: true, force: true });
}
