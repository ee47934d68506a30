import type { RevisionContent } from '../review/content.js';
import type { SectionEdits } from '../review/content.js';
import { splitSentences } from '../grounding/sentences.js';

/**
 * What the demo's reviewers do to a draft, the same editorial policy for every draft: the 30 Second
 * Briefing is cut to its first sentences, the Technical Brief to four bullets of at most 28 words, and
 * the Our Take placeholder is replaced by a line of analysis. A longer draft therefore needs more
 * cutting, which is what the Insights page shows between the demo's two offline-drafter versions.
 * `figure` puts an unsourced percentage in the analysis (a grounding flag the reviewer fixes or acknowledges).
 */
export function reviewerEdits(
  c: RevisionContent,
  o: { keepSentences: number; figure: number | null; heavy: boolean },
): SectionEdits {
  const sentences = splitSentences(c.thirtySecondBriefing).map((s) => s.text);
  let briefing = sentences.slice(0, o.keepSentences).join(' ');
  if (o.heavy && briefing) briefing = `In short: ${briefing.charAt(0).toLowerCase()}${briefing.slice(1)}`;
  const bullets = c.technicalBrief.slice(0, 4).map((b) => {
    const words = b.text.split(/\s+/);
    return words.length > 28
      ? `${words
          .slice(0, 28)
          .join(' ')
          .replace(/[,;:]$/, '')}.`
      : b.text;
  });
  const topic = c.keywords[0] ?? 'this development';
  const analysis =
    o.figure === null
      ? `For project teams, ${topic} is the variable to watch: plan procurement and permitting with some slack until the details are confirmed.`
      : `For project teams, ${topic} is the variable to watch: we would carry a ${o.figure}% contingency on procurement and permitting budgets.`;
  const take = c.ourTake.filter((p) => !p.startsWith('No LLM was configured') && !p.startsWith('No related coverage'));
  const ourTake = [analysis, ...take.slice(0, o.heavy ? 1 : 2)];
  return {
    thirtySecondBriefing: briefing,
    technicalBrief: bullets.map((b) => `- ${b}`).join('\n'),
    ourTake: ourTake.join('\n\n'),
  };
}

/** The second look: the unsourced figure goes, so its flag is fixed rather than acknowledged. */
export function fixFigure(c: RevisionContent, figure: number): SectionEdits {
  return {
    ourTake: c.ourTake.map((p) => p.replace(`a ${figure}% contingency`, 'a contingency')).join('\n\n'),
  };
}

/**
 * A figure mistyped while trimming: the first figure that is not a year, changed (a year only where
 * there is no other figure). The demo's newest briefing in review carries one, so a new reviewer finds
 * a blocking flag to fix in place, and watches it clear, before signing off.
 */
export function mistypeFigure(edits: SectionEdits): SectionEdits {
  const year = /^(19|20)\d\d$/;
  for (const years of [false, true]) {
    for (const key of ['thirtySecondBriefing', 'technicalBrief'] as const) {
      const text = edits[key];
      if (typeof text !== 'string') continue;
      for (const m of text.matchAll(/\b\d+(?:\.\d+)?\b/g)) {
        if (year.test(m[0]) !== years) continue;
        const n = Number(m[0]);
        const wrong = years ? n - 1 : n >= 10 ? n + 9 : n + 3;
        return { ...edits, [key]: text.slice(0, m.index) + String(wrong) + text.slice(m.index + m[0].length) };
      }
    }
  }
  return edits;
}
