/**
 * Where a sentence and its passage differ, for the reviewer's side-by-side view: a longest
 * common subsequence over content words, and the gaps between its matches. A gap with words on
 * both sides is a replacement ("fell" for "rose"); one with words only in the draft is an addition.
 */
import type { PassageToken } from './intrinsic/sentenceCheck.js';
import { spanOf } from './intrinsic/sentenceCheck.js';
import type { WordToken } from './tokens.js';
import type { Difference } from './types.js';

const MAX_DIFFERENCES = 8;

export function differences(
  text: string,
  tokens: WordToken[],
  ptokens: PassageToken[],
  sourceNumber: (id: string) => number,
): Difference[] {
  const a = tokens.filter((t) => t.content);
  const b = ptokens.filter((t) => t.content);
  if (a.length === 0 || b.length === 0) return [];
  const n = a.length;
  const m = b.length;
  const dp = Array.from({ length: n + 1 }, () => new Uint16Array(m + 1));
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      dp[i][j] = a[i].key === b[j].key ? dp[i + 1][j + 1] + 1 : Math.max(dp[i + 1][j], dp[i][j + 1]);
    }
  }
  const out: Difference[] = [];
  const inDraft = new Set(a.map((t) => t.key));
  const inPassage = new Set(b.map((t) => t.key));
  let i = 0;
  let j = 0;
  const gap = (ga: WordToken[], gb: PassageToken[]) => {
    // Words that only moved (present on the other side elsewhere) are not differences.
    const da = ga.filter((t) => !inPassage.has(t.key));
    const db = gb.filter((t) => !inDraft.has(t.key));
    if (da.length === 0) return;
    const draft = { start: da[0].start, end: da[da.length - 1].end, text: '' };
    draft.text = text.slice(draft.start, draft.end);
    let source: Difference['source'] = null;
    if (db.length > 0) {
      const part = db[0].part;
      const same = db.filter((t) => t.part === part);
      source = spanOf({ sourceNumber }, part, same[0].start, same[same.length - 1].end);
    }
    out.push({ draft, source });
  };
  let ga: WordToken[] = [];
  let gb: PassageToken[] = [];
  while (i < n && j < m) {
    if (a[i].key === b[j].key) {
      gap(ga, gb);
      ga = [];
      gb = [];
      i++;
      j++;
    } else if (dp[i + 1][j] >= dp[i][j + 1]) ga.push(a[i++]);
    else gb.push(b[j++]);
  }
  while (i < n) ga.push(a[i++]);
  gap(ga, gb.concat(b.slice(j)));
  return out.slice(0, MAX_DIFFERENCES);
}
