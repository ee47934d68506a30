/** Plain term statistics for ranking sentences and picking keywords; English stopwords only. */
const STOPWORDS = new Set(
  (
    'a about above after again against all also am an and any are as at be because been before being below between both but by ' +
    'can could did do does doing down during each few for from further had has have having he her here hers him his how i if in ' +
    'into is it its itself just me more most my no nor not now of off on once only or other our out over own same she should so ' +
    'some such than that the their them then there these they this those through to too under until up very was we were what ' +
    'when where which while who whom why will with would you your said says say according year years per cent percent new one ' +
    'two three first last week month may might must since still yet however within without across around among amid via'
  ).split(' '),
);

export function tokenize(text: string): string[] {
  return (text.toLowerCase().match(/[\p{L}\p{N}][\p{L}\p{N}'’-]*/gu) ?? []).map((t) => t.replace(/['’]s$/, ''));
}

export function contentTerms(text: string): string[] {
  return tokenize(text).filter((t) => t.length > 2 && !STOPWORDS.has(t) && !/^\d+$/.test(t));
}

export function termFrequencies(texts: string[]): Map<string, number> {
  const tf = new Map<string, number>();
  for (const t of texts) for (const term of contentTerms(t)) tf.set(term, (tf.get(term) ?? 0) + 1);
  return tf;
}

/** Adjacent content-word pairs seen at least twice, e.g. "rare earth". */
export function frequentBigrams(text: string): Map<string, number> {
  const counts = new Map<string, number>();
  const tokens = tokenize(text);
  for (let i = 0; i + 1 < tokens.length; i++) {
    const [a, b] = [tokens[i], tokens[i + 1]];
    if (a.length < 3 || b.length < 3 || STOPWORDS.has(a) || STOPWORDS.has(b) || /^\d/.test(a) || /^\d/.test(b))
      continue;
    const k = `${a} ${b}`;
    counts.set(k, (counts.get(k) ?? 0) + 1);
  }
  for (const [k, n] of counts) if (n < 2) counts.delete(k);
  return counts;
}

/** Up to `max` keywords: repeated phrases first, then frequent words not already inside a phrase. */
export function extractKeywords(title: string, body: string, max = 6): string[] {
  const text = `${title}\n${title}\n${body}`;
  const bigrams = [...frequentBigrams(text)].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  const unigrams = [...termFrequencies([text])]
    .filter(([, n]) => n >= 2)
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  const out: string[] = [];
  for (const [k] of bigrams) {
    if (out.length >= Math.ceil(max / 2)) break;
    // "rare earth" and "earth export" overlap; the second is an artefact, not a phrase.
    const words = k.split(' ');
    if (!out.some((o) => o.split(' ').some((w) => words.includes(w)))) out.push(k);
  }
  for (const [k] of unigrams) {
    if (out.length >= max) break;
    if (!out.some((o) => o.split(' ').includes(k))) out.push(k);
  }
  return out;
}
