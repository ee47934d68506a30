import type { SqlDriverAdapter, SqlMigrationAwareDriverAdapterFactory } from '@prisma/driver-adapter-utils';

interface PgBackedAdapter extends SqlDriverAdapter {
  client?: { query(sql: string): Promise<unknown> };
  onError?(error: unknown): never;
}

/**
 * @prisma/adapter-pg runs a migration script by splitting it on ";", which breaks
 * any statement with a semicolon inside it (a PL/pgSQL function body). Prisma's
 * native engine sends the whole script as one simple query instead; node-postgres
 * does the same for a parameterless query, so we restore that behaviour.
 */
export function wholeScriptAdapterFactory(
  inner: SqlMigrationAwareDriverAdapterFactory,
): SqlMigrationAwareDriverAdapterFactory {
  const patch = (adapter: SqlDriverAdapter): SqlDriverAdapter => {
    const a = adapter as PgBackedAdapter;
    if (!a.client || typeof a.client.query !== 'function') return adapter;
    a.executeScript = async (script: string) => {
      try {
        await a.client!.query(script);
      } catch (error) {
        if (a.onError) a.onError(error);
        throw error;
      }
    };
    return adapter;
  };
  return {
    provider: inner.provider,
    adapterName: inner.adapterName,
    connect: async () => patch(await inner.connect()),
    connectToShadowDb: async () => patch(await inner.connectToShadowDb()),
  };
}
