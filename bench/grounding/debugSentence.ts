/**
 * Development aid: `npx tsx bench/grounding/debugSentence.ts "<words of a draft sentence>"` prints,
 * for every sentence of the intrinsic set containing them, its label, alignment and flags.
 */
import { checkGrounding } from '../../server/grounding/index.js';
import { buildIntrinsicSet, loadReleases } from './intrinsic/buildSet.js';
import { INTRINSIC_FIXTURES } from '../grounding-intrinsic.js';

const needle = process.argv[2] ?? '';
for (const c of buildIntrinsicSet(loadReleases(...INTRINSIC_FIXTURES))) {
  for (const l of c.labels) {
    const text = c.input.sections.find((s) => s.key === l.sectionKey)!.text.slice(l.sentenceStart, l.sentenceEnd);
    if (!text.includes(needle)) continue;
    const r = checkGrounding({ ...c.input, sections: [{ key: l.sectionKey, text }] });
    console.log(`[${l.kind}] ${l.detail}\n  draft:    ${text}\n  original: ${l.original}`);
    for (const a of r.alignments)
      console.log(
        `  aligned ${a.score} ${a.shape}: ${a.passages.map((p) => `S${p.sourceNumber}¶${p.paragraph}: ${p.text}`).join(' || ')}`,
      );
    for (const f of r.flags) console.log(`  FLAG ${f.kind}/${f.severity}: ${f.message}`);
  }
}
