/**
 * Word-by-word correspondence between a sentence and its passage: the longest common subsequence
 * of their content words. Checks compare what stands around a word on both sides of a match.
 */
import type { WordToken } from '../tokens.js';
import type { PassageToken } from './sentenceCheck.js';

export function matchTokens(tokens: WordToken[], ptokens: PassageToken[]): Map<number, PassageToken> {
  const a = tokens.map((t, i) => ({ t, i })).filter((x) => x.t.content);
  const b = ptokens.filter((t) => t.content);
  const n = a.length;
  const m = b.length;
  const out = new Map<number, PassageToken>();
  if (n === 0 || m === 0) return out;
  const dp = Array.from({ length: n + 1 }, () => new Uint16Array(m + 1));
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      dp[i][j] = a[i].t.key === b[j].key ? dp[i + 1][j + 1] + 1 : Math.max(dp[i + 1][j], dp[i][j + 1]);
    }
  }
  let i = 0;
  let j = 0;
  while (i < n && j < m) {
    if (a[i].t.key === b[j].key) {
      out.set(a[i].i, b[j]);
      i++;
      j++;
    } else if (dp[i + 1][j] >= dp[i][j + 1]) i++;
    else j++;
  }
  return out;
}
