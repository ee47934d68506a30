/**
 * Publication dates for pages where Readability finds none (it covers JSON-LD
 * datePublished, article:published_time and parsely-pub-date).
 */

const META_SELECTORS = [
  'meta[property="article:published_time" i]',
  'meta[property="og:published_time" i]',
  'meta[name="parsely-pub-date" i]',
  'meta[itemprop="datePublished" i]',
  'meta[name="sailthru.date" i]',
  'meta[name="dc.date.issued" i]',
  'meta[name="dc.date" i]',
  'meta[name="dcterms.created" i]',
  'meta[name="pubdate" i]',
  'meta[name="publish-date" i]',
  'meta[name="date" i]',
];

function jsonLdDate(doc: Document): string | undefined {
  for (const script of doc.querySelectorAll('script[type="application/ld+json" i]')) {
    let data: unknown;
    try {
      data = JSON.parse((script.textContent ?? '').replace(/^\s*<!\[CDATA\[|\]\]>\s*$/g, ''));
    } catch {
      continue;
    }
    const stack: unknown[] = [data];
    while (stack.length) {
      const item = stack.pop();
      if (Array.isArray(item)) stack.push(...(item as unknown[]));
      else if (item && typeof item === 'object') {
        const rec = item as Record<string, unknown>;
        if (typeof rec.datePublished === 'string') return rec.datePublished;
        if (rec['@graph']) stack.push(rec['@graph']);
      }
    }
  }
  return undefined;
}

export function findPublishedTime(doc: Document): string | undefined {
  const fromJsonLd = jsonLdDate(doc);
  if (fromJsonLd) return fromJsonLd;
  for (const sel of META_SELECTORS) {
    const v = doc.querySelector(sel)?.getAttribute('content')?.trim();
    if (v) return v;
  }
  const time =
    doc.querySelector('[itemprop="datePublished" i][datetime]') ??
    doc.querySelector('article time[datetime]') ??
    doc.querySelector('time[pubdate][datetime]') ??
    doc.querySelector('time[datetime]');
  return time?.getAttribute('datetime')?.trim() || undefined;
}

const ISO_LIKE =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?)?\s*(Z|[+-]\d{2}:?\d{2})?$/i;

/**
 * ISO-like strings without a zone are read as UTC, not server-local time, so
 * the same page gives the same instant on every machine.
 */
export function parsePublishedDate(value: string | null | undefined): Date | undefined {
  const v = value?.trim();
  if (!v) return undefined;
  const m = ISO_LIKE.exec(v);
  let date: Date;
  if (m) {
    const [, y, mo, d, h = '00', mi = '00', s = '00', frac = '', zone = 'Z'] = m;
    const ms = (frac + '000').slice(0, 3);
    const tz = zone.toUpperCase() === 'Z' ? 'Z' : zone.length === 5 ? `${zone.slice(0, 3)}:${zone.slice(3)}` : zone;
    date = new Date(`${y}-${mo}-${d}T${h}:${mi}:${s}.${ms}${tz}`);
  } else {
    date = new Date(v);
  }
  const year = date.getUTCFullYear();
  // Guards against epoch-zero placeholders and typos like 20199.
  return Number.isNaN(date.getTime()) || year < 1990 || year > 2100 ? undefined : date;
}
