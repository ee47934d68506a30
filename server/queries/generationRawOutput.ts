import type { Db } from '../db/connect.js';
import { NotFoundError } from '../errors/AppError.js';

/** A generation's stored model output (already capped to head and tail when it was stored). */
export async function generationRawOutput(db: Db, id: string): Promise<string> {
  const g = await db.generation.findUnique({ where: { id }, select: { rawOutput: true } });
  if (!g) throw new NotFoundError('No such generation.');
  if (g.rawOutput == null) throw new NotFoundError('No model output was stored for this generation.');
  return g.rawOutput;
}
