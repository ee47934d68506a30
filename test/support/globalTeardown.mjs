import { tsImport } from 'tsx/esm/api';

export default async function globalTeardown() {
  const { dropDatabases } = await tsImport('./dropDatabases.ts', import.meta.url);
  await dropDatabases();
}
