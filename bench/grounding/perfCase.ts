/** The size the brief sets: a 1,500-word draft against nine sources of about 2,000 words each. */
import type { GroundingInput } from '../../server/grounding/types.js';
import type { Release } from './evalSet.js';

const words = (s: string) => s.split(/\s+/).filter(Boolean).length;

export function buildPerfCase(
  releases: Release[],
  sourceWords = 2000,
  sourceCount = 9,
  draftWords = 1500,
): GroundingInput {
  const sources: GroundingInput['sources'] = [];
  let i = 0;
  while (sources.length < sourceCount && i < releases.length) {
    const parts: string[] = [];
    let n = 0;
    while (n < sourceWords && i < releases.length) {
      parts.push(releases[i].body);
      n += words(releases[i].body);
      i++;
    }
    sources.push({ id: `perf-${sources.length}`, text: parts.join('\n\n') });
  }
  // The draft reuses source paragraphs, so most items resolve (the costly path).
  const paras = sources.flatMap((s) => s.text.split('\n\n'));
  const draft: string[] = [];
  let n = 0;
  for (let k = 0; n < draftWords && k < paras.length; k += 3) {
    draft.push(paras[k]);
    n += words(paras[k]);
  }
  const half = Math.ceil(draft.length / 2);
  return {
    sections: [
      { key: 'thirtySecondBriefing', text: draft.slice(0, half).join('\n\n') },
      { key: 'ourTake', text: draft.slice(half).join('\n\n') },
    ],
    sources,
  };
}
