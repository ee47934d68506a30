// Bundles the draft page's editor (review-ui/editor/src, CodeMirror 6) into one minified file
// served from /assets/js. Runs after `npm install` (postinstall) and in `npm run build`; the
// output is git-ignored. `--watch` rebuilds while editing. Without esbuild (a production install
// that left out devDependencies) it says so and leaves the page to its plain textareas.
import { existsSync } from 'node:fs';

const entry = 'review-ui/editor/src/main.ts';
const outfile = 'review-ui/public/js/editor.bundle.js';
if (!existsSync(entry)) process.exit(0);
let esbuild;
try {
  esbuild = await import('esbuild');
} catch {
  console.warn(
    `build-editor: esbuild is not installed, so ${outfile} was not built (the page falls back to textareas).`,
  );
  process.exit(0);
}
const options = {
  entryPoints: [entry],
  outfile,
  bundle: true,
  minify: true,
  format: 'iife',
  target: ['es2020'],
  legalComments: 'eof',
  banner: { js: '/*! Briefing Desk editor. Bundles CodeMirror 6 and Lezer (MIT, Marijn Haverbeke and others). */' },
  logLevel: 'warning',
};
if (process.argv.includes('--watch')) {
  const ctx = await esbuild.context(options);
  await ctx.watch();
  console.log(`build-editor: watching ${entry}`);
} else {
  await esbuild.build(options);
}
