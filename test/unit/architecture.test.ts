import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The layout rule of docs/ARCHITECTURE.md, checked on the code's own imports: a file imports only
 * from its own layer or a lower one, and no files import each other in a circle (type-only
 * imports included: a circle of types is still two files that cannot be understood apart).
 */
const ROOT = fileURLToPath(new URL('../../', import.meta.url));

const LAYERS: { name: string; places: string[] }[] = [
  { name: 'entry', places: ['server/main.ts', 'server/boot.ts', 'server/app.ts', 'server/cli/', 'scripts/'] },
  {
    name: 'interface',
    places: ['server/routes/', 'server/http/', 'server/workers/', 'server/seed/', 'server/env.ts', 'server/deps.ts'],
  },
  { name: 'presenters', places: ['server/presenters/'] },
  // A command's input type is its endpoint's zod schema, so schemas sit with the use cases.
  { name: 'use cases', places: ['server/commands/', 'server/queries/', 'server/schemas/'] },
  {
    name: 'domain',
    places: [
      'server/review/',
      'server/drafting/',
      'server/publishing/',
      'server/sources/',
      'server/grounding/',
      'server/insights/',
      'server/auth/',
      'server/audit/',
      'prompts/',
    ],
  },
  {
    name: 'foundation',
    places: [
      'server/db/',
      'server/policies/',
      'server/errors/',
      'server/logging/',
      'server/util/',
      'server/views/',
      'server/generated/',
      'review-ui/',
    ],
  },
];

function layerOf(file: string): number {
  const i = LAYERS.findIndex((l) => l.places.some((p) => (p.endsWith('/') ? file.startsWith(p) : file === p)));
  if (i < 0) throw new Error(`${file} is in no layer: add its folder to docs/ARCHITECTURE.md and to this test`);
  return i;
}

function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const e of readdirSync(path.join(ROOT, dir), { withFileTypes: true })) {
    const rel = `${dir}/${e.name}`;
    if (e.isDirectory()) {
      if (e.name !== 'generated' && e.name !== 'public' && e.name !== 'data') out.push(...sourceFiles(rel));
    } else if (e.name.endsWith('.ts') && !e.name.endsWith('.d.ts')) out.push(rel);
  }
  return out;
}

const IMPORT =
  /(?:^|\n)\s*(?:import|export)\b[^'"`;]*?\bfrom\s*['"](\.{1,2}\/[^'"]+)['"]|\bimport\(\s*['"](\.{1,2}\/[^'"]+)['"]\s*\)/g;

function importsOf(file: string): string[] {
  const text = readFileSync(path.join(ROOT, file), 'utf8');
  const out: string[] = [];
  for (const m of text.matchAll(IMPORT)) {
    const spec = m[1] ?? m[2];
    const target = path.posix.normalize(path.posix.join(path.posix.dirname(file), spec)).replace(/\.js$/, '.ts');
    out.push(target);
  }
  return out;
}

const files = ['server', 'prompts', 'review-ui', 'scripts'].flatMap(sourceFiles);
const known = new Set(files);
const graph = new Map(files.map((f) => [f, importsOf(f).filter((t) => known.has(t))]));

test('every file is in a layer and imports only from its own layer or below', () => {
  const upward: string[] = [];
  for (const [from, targets] of graph) {
    for (const to of targets) {
      if (layerOf(to) < layerOf(from)) {
        upward.push(`${from} (${LAYERS[layerOf(from)].name}) -> ${to} (${LAYERS[layerOf(to)].name})`);
      }
    }
  }
  expect(upward).toEqual([]);
});

test('no files import each other in a circle', () => {
  // Tarjan's strongly connected components; any component of two or more files is a circle.
  let index = 0;
  const idx = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const circles: string[][] = [];
  const visit = (v: string) => {
    idx.set(v, index);
    low.set(v, index++);
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!idx.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, idx.get(w)!));
    }
    if (low.get(v) === idx.get(v)) {
      const comp: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        comp.push(w);
      } while (w !== v);
      if (comp.length > 1) circles.push(comp.sort());
    }
  };
  for (const f of files) if (!idx.has(f)) visit(f);
  expect(circles).toEqual([]);
});

test('the checker reads imports: it sees the edges a known file has', () => {
  // Guards the regular expression above: if it stopped matching, both tests would pass vacuously.
  expect(graph.get('server/boot.ts')).toEqual(expect.arrayContaining(['server/app.ts', 'server/db/connect.ts']));
  expect(graph.size).toBeGreaterThan(300);
});
