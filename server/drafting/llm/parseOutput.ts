import type { z } from 'zod';

export type ParseOutcome<T> = { ok: true; value: T } | { ok: false; problems: string[] };

// Some OpenAI-compatible servers wrap JSON in a Markdown fence despite json_schema.
const FENCED = /^\s*```(?:json)?\s*\n([\s\S]*?)\n?```\s*$/i;

/** JSON.parse then zod: the provider's schema enforcement is never taken on trust. */
export function parseOutput<T>(raw: string, schema: z.ZodType<T>): ParseOutcome<T> {
  const text = raw.match(FENCED)?.[1] ?? raw;
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    return { ok: false, problems: [`The output is not valid JSON: ${(e as Error).message}`] };
  }
  const parsed = schema.safeParse(json);
  if (parsed.success) return { ok: true, value: parsed.data };
  return {
    ok: false,
    problems: parsed.error.issues
      .slice(0, 30)
      .map((i) => `${i.path.length ? i.path.join('.') : '(root)'}: ${i.message}`),
  };
}

/** The follow-up turn of the single repair round. */
export function repairInstruction(problems: string[]): string {
  return [
    'Your previous answer could not be used because it does not match the required JSON schema:',
    ...problems.map((p) => `- ${p}`),
    '',
    'Reply again with the complete JSON object only, corrected so that it matches the schema. Keep the same content where it was valid, follow the same rules, and do not add facts.',
  ].join('\n');
}
