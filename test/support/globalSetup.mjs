// Jest loads global setup outside its module system (no moduleNameMapper, no ts-jest ESM),
// so hand the TypeScript over to tsx.
import { tsImport } from 'tsx/esm/api';

export default async function globalSetup() {
  const { prepareDatabases } = await tsImport('./prepareDatabases.ts', import.meta.url);
  await prepareDatabases();
}
