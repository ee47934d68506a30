import { createHash } from 'node:crypto';
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { projectRoot } from '../../server/util/projectRoot.js';
import Handlebars from 'handlebars';

/**
 * Loads the .hbs files once per process from the source tree's prompts/ folder,
 * which the built app (dist/) reads too: templates are data, not compiled code.
 */
export const PROMPT_KINDS = ['draft', 'regenerate', 'regenerateSection'] as const;
export type PromptKind = (typeof PROMPT_KINDS)[number];

const ROOT = path.join(projectRoot(), 'prompts') + path.sep;

function read(rel: string): string {
  return readFileSync(ROOT + rel, 'utf8');
}

function partialFiles(): string[] {
  return readdirSync(ROOT + 'partials')
    .filter((f) => f.endsWith('.hbs'))
    .sort()
    .map((f) => `partials/${f}`);
}

/** The files one prompt kind is rendered from, in a fixed order (the hash depends on it). */
export function templateFiles(kind: PromptKind): string[] {
  return [`${kind}/system.hbs`, `${kind}/user.hbs`, ...partialFiles()];
}

export function hashTemplates(files: string[]): string {
  const h = createHash('sha256');
  for (const f of files) {
    // Name and length are hashed too so moving text between files changes the version.
    const body = read(f);
    h.update(`${f}\n${Buffer.byteLength(body)}\n`).update(body);
  }
  return h.digest('hex').slice(0, 12);
}

// Prompts are plain text, not HTML: escaping would turn "&" into "&amp;" in front of the model.
// strict makes a missing variable an error instead of silently rendering nothing.
const COMPILE = { noEscape: true, strict: true } as const;

let env: typeof Handlebars | null = null;
function handlebars(): typeof Handlebars {
  if (env) return env;
  const hb = Handlebars.create();
  hb.registerHelper('eq', (a: unknown, b: unknown) => a === b);
  for (const f of partialFiles()) hb.registerPartial(f.slice('partials/'.length, -'.hbs'.length), read(f));
  env = hb;
  return hb;
}

const compiled = new Map<string, Handlebars.TemplateDelegate>();

export function render(file: string, data: object): string {
  let tpl = compiled.get(file);
  if (!tpl) {
    tpl = handlebars().compile(read(file), COMPILE);
    compiled.set(file, tpl);
  }
  return (
    tpl(data)
      .replace(/\n{3,}/g, '\n\n')
      .trim() + '\n'
  );
}
