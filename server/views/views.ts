import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import Handlebars from 'handlebars';
import { projectRoot } from '../util/projectRoot.js';
import { registerHelpers } from '../../review-ui/helpers/index.js';

export interface Views {
  render(name: string, model: Record<string, unknown>): string;
  has(name: string): boolean;
}

function walk(dir: string, base = dir): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? walk(full, base) : [path.relative(base, full)];
  });
}

/**
 * Compiles every template in review-ui/ once at boot. Templates receive view
 * models from presenters only; rules (what the user may do) arrive as flags.
 */
export function loadViews(root = path.join(projectRoot(), 'review-ui')): Views {
  const hbs = Handlebars.create();
  registerHelpers(hbs);
  const partialsDir = path.join(root, 'partials');
  for (const file of walk(partialsDir).filter((f) => f.endsWith('.hbs'))) {
    hbs.registerPartial(file.replace(/\.hbs$/, ''), readFileSync(path.join(partialsDir, file), 'utf8'));
  }
  const templates = new Map<string, Handlebars.TemplateDelegate>();
  const viewsDir = path.join(root, 'views');
  for (const file of walk(viewsDir).filter((f) => f.endsWith('.hbs'))) {
    templates.set(
      file.replace(/\.hbs$/, ''),
      // An indented partial call would otherwise indent every line of its output, the text inside a <textarea> too.
      hbs.compile(readFileSync(path.join(viewsDir, file), 'utf8'), { strict: false, preventIndent: true }),
    );
  }
  return {
    has: (name) => templates.has(name),
    render(name, model) {
      const t = templates.get(name);
      if (!t) throw new Error(`No view named ${name}`);
      return t(model, { allowProtoPropertiesByDefault: false });
    },
  };
}
