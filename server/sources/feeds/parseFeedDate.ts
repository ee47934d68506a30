/**
 * Feed dates in the forms feeds actually use: RFC 822/1123 (RSS pubDate, often
 * with a missing weekday, two-digit year or a named US zone) and W3CDTF / ISO
 * 8601 (Atom, dc:date, including date-only and zone-less forms, taken as UTC).
 * Returns undefined for anything else rather than guessing a wrong date.
 */
const MONTHS: Record<string, number> = {
  jan: 0,
  feb: 1,
  mar: 2,
  apr: 3,
  may: 4,
  jun: 5,
  jul: 6,
  aug: 7,
  sep: 8,
  oct: 9,
  nov: 10,
  dec: 11,
  // Localised abbreviations seen in real feeds (pt, es, fr, de, it, nl) that do not clash with English.
  fev: 1,
  fév: 1,
  abr: 3,
  avr: 3,
  mai: 4,
  mag: 4,
  mei: 4,
  giu: 5,
  jui: 6,
  lug: 6,
  ago: 7,
  aoû: 7,
  set: 8,
  out: 9,
  okt: 9,
  ott: 9,
  dez: 11,
  dic: 11,
  déc: 11,
  ene: 0,
  gen: 0,
  mär: 2,
  maa: 2,
  mrt: 2,
};

const ZONES: Record<string, number> = {
  ut: 0,
  utc: 0,
  gmt: 0,
  z: 0,
  est: -300,
  edt: -240,
  cst: -360,
  cdt: -300,
  mst: -420,
  mdt: -360,
  pst: -480,
  pdt: -420,
  bst: 60,
  cet: 60,
  cest: 120,
  eet: 120,
  eest: 180,
  jst: 540,
  ist: 330,
  aest: 600,
  aedt: 660,
};

function offsetMinutes(zone: string | undefined): number | undefined {
  if (!zone) return 0;
  const z = zone.trim().toLowerCase();
  if (z === '') return 0;
  const m = /^(?:gmt|utc)?([+-])(\d{1,2}):?(\d{2})?$/.exec(z);
  if (m) return (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3] ?? 0));
  if (z in ZONES) return ZONES[z];
  if (/^[a-ik-z]$/.test(z)) return 0; // military zones: RFC 1123 says treat as +0000
  return undefined;
}

function build(
  y: number,
  mo: number,
  d: number,
  h: number,
  mi: number,
  s: number,
  ms: number,
  offset: number,
): Date | undefined {
  if (mo < 0 || mo > 11 || d < 1 || d > 31 || h > 24 || mi > 59 || s > 60) return undefined;
  const t = Date.UTC(y, mo, d, h, mi, Math.min(s, 59), ms) - offset * 60_000;
  const date = new Date(t);
  // Reject rollovers such as 31 February.
  if (new Date(Date.UTC(y, mo, d)).getUTCDate() !== d) return undefined;
  return Number.isNaN(t) ? undefined : date;
}

const ISO =
  /^(\d{4})(?:-?(\d{2})(?:-?(\d{2})(?:[T\s]+(\d{2}):?(\d{2})(?::?(\d{2})(?:[.,](\d+))?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?)?)?)?$/i;

function parseIso(s: string): Date | undefined {
  const m = ISO.exec(s);
  if (!m) return undefined;
  const offset = offsetMinutes(m[8]);
  if (offset === undefined) return undefined;
  const ms = m[7] ? Math.round(Number(`0.${m[7]}`) * 1000) : 0;
  return build(
    Number(m[1]),
    Number(m[2] ?? 1) - 1,
    Number(m[3] ?? 1),
    Number(m[4] ?? 0),
    Number(m[5] ?? 0),
    Number(m[6] ?? 0),
    ms,
    offset,
  );
}

const RFC822 =
  /^(?:\p{L}{2,12}\.?,?\s*)?(\d{1,2})[\s-]+(\p{L}{3,9})\.?[\s-]+(\d{2,4})(?:[\s,T]+(\d{1,2}):(\d{2})(?::(\d{2}))?)?\s*([a-z]{1,5}|(?:gmt|utc)?[+-]\d{1,2}:?\d{2})?$/iu;

function parseRfc822(s: string): Date | undefined {
  const m = RFC822.exec(s.replace(/\s+/g, ' '));
  if (!m) return undefined;
  const name = m[2].toLowerCase();
  // "juin"/"juil" share a prefix, so French June/July need four letters.
  const month = name.startsWith('juin') ? 5 : name.startsWith('juil') ? 6 : MONTHS[name.slice(0, 3)];
  if (month === undefined) return undefined;
  let year = Number(m[3]);
  if (m[3].length === 2) year += year < 50 ? 2000 : 1900;
  const offset = offsetMinutes(m[7]);
  if (offset === undefined) return undefined;
  return build(year, month, Number(m[1]), Number(m[4] ?? 0), Number(m[5] ?? 0), Number(m[6] ?? 0), 0, offset);
}

export function parseFeedDate(value: string | undefined | null): Date | undefined {
  if (value == null) return undefined;
  const s = value.trim();
  if (!s) return undefined;
  return parseIso(s) ?? parseRfc822(s) ?? parseLoose(s);
}

/** Last resort for "Thu Jan 01 2004 19:48:21 GMT"-style strings; ASCII only, so localised dates fail cleanly. */
function parseLoose(s: string): Date | undefined {
  if (!/^[\x20-\x7e]+$/.test(s) || !/[a-z]{3}/i.test(s) || !/\d{4}/.test(s)) return undefined;
  const t = Date.parse(/(?:gmt|utc|z|[+-]\d{4})\s*$/i.test(s) ? s : `${s} UTC`);
  return Number.isNaN(t) ? undefined : new Date(t);
}
