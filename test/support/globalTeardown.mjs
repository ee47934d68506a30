import { rm } from 'node:fs/promises';
import pg from 'pg';

export default async function globalTeardown() {
  if (process.env.BD_PG_TEMPLATE) {
    const client = new pg.Client({
      connectionString: process.env.TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test',
    });
    await client.connect();
    try {
      await client.query(`DROP DATABASE IF EXISTS ${process.env.BD_PG_TEMPLATE} WITH (FORCE)`);
    } finally {
      await client.end();
    }
  }
  if (process.env.BD_TEST_TMP) await rm(process.env.BD_TEST_TMP, { recursive: true, force: true });
}
