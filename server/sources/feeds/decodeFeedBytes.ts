import jschardet from 'jschardet';
import iconv from 'iconv-lite';

/**
 * Feed bytes → text, choosing the encoding the way XML + HTTP say to:
 * byte-order mark > HTTP charset > XML declaration > UTF-8, and windows-1252
 * when the bytes are not valid UTF-8 after all (the most common real-world
 * mislabelling). Anything suspicious is reported in `problems` rather than
 * thrown: a feed with a wrong label is still worth reading.
 */
export interface DecodedFeed {
  text: string;
  /** Lower-case name of the encoding actually used, e.g. "utf-8", "windows-1252". */
  encoding: string;
  /** Where the encoding came from. */
  source: 'bom' | 'http' | 'xml-declaration' | 'sniffed' | 'default' | 'fallback';
  problems: string[];
}

// Labels whose decoder we substitute with a superset, so text never gets lost.
const SUPERSETS: Record<string, string> = {
  gb2312: 'gb18030',
  gbk: 'gb18030',
  'x-gbk': 'gb18030',
  'iso-8859-1': 'windows-1252', // WHATWG: browsers treat latin1 as cp1252
  latin1: 'windows-1252',
  'us-ascii': 'us-ascii',
};

interface Sniffed {
  encoding: string;
  skip: number;
}

function sniffBom(b: Buffer): Sniffed | undefined {
  if (b.length >= 4 && b[0] === 0xff && b[1] === 0xfe && b[2] === 0 && b[3] === 0)
    return { encoding: 'utf-32le', skip: 4 };
  if (b.length >= 4 && b[0] === 0 && b[1] === 0 && b[2] === 0xfe && b[3] === 0xff)
    return { encoding: 'utf-32be', skip: 4 };
  if (b.length >= 3 && b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf) return { encoding: 'utf-8', skip: 3 };
  if (b.length >= 2 && b[0] === 0xff && b[1] === 0xfe) return { encoding: 'utf-16le', skip: 2 };
  if (b.length >= 2 && b[0] === 0xfe && b[1] === 0xff) return { encoding: 'utf-16be', skip: 2 };
  return undefined;
}

/** XML 1.0 appendix F: a BOM-less document still starts with "<", which fixes the code unit width. */
function sniffWidth(b: Buffer): string | undefined {
  if (b.length < 4) return undefined;
  const [a, c, d, e] = [b[0], b[1], b[2], b[3]];
  if (a === 0x3c && c === 0 && d === 0 && e === 0) return 'utf-32le';
  if (a === 0 && c === 0 && d === 0 && e === 0x3c) return 'utf-32be';
  if (a === 0x3c && c === 0 && d === 0x3f && e === 0) return 'utf-16le';
  if (a === 0 && c === 0x3c && d === 0 && e === 0x3f) return 'utf-16be';
  return undefined;
}

export function httpCharset(contentType: string | undefined): string | undefined {
  if (!contentType) return undefined;
  const m = /;\s*charset\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s;]+))/i.exec(contentType);
  const label = (m?.[1] ?? m?.[2] ?? m?.[3])?.trim();
  return label ? label.toLowerCase() : undefined;
}

function xmlDeclaredEncoding(b: Buffer, width: string | undefined): string | undefined {
  const head = width ? iconv.decode(b.subarray(0, 2048), width) : b.subarray(0, 1024).toString('latin1');
  const m = /^\s*<\?xml\s[^>]*?encoding\s*=\s*["']([^"']*)["']/i.exec(head);
  return m?.[1]?.trim().toLowerCase() || undefined;
}

function decoderFor(label: string): string | undefined {
  const name = SUPERSETS[label] ?? label;
  return iconv.encodingExists(name) ? name : undefined;
}

/** The reported name: what was declared, except where we deliberately decode with a superset. */
function reportedName(label: string): string {
  return label === 'gb2312' || label === 'gbk' || label === 'x-gbk' ? 'gb18030' : label;
}

/** WHATWG windows-1252 (via TextDecoder) keeps the five undefined bytes as C1 controls instead of U+FFFD. */
function decodeWith(bytes: Buffer, decoder: string): string {
  if (decoder === 'windows-1252') return new TextDecoder('windows-1252').decode(bytes);
  return iconv.decode(bytes, decoder, { stripBOM: false });
}

// Below this jschardet's guesses are noise (line noise scores ~0.04); Latin guesses add
// nothing over windows-1252, which already decodes every byte the way browsers do.
const GUESS_MIN_CONFIDENCE = 0.2;
const LATIN_GUESS = /^(iso-?8859-(1|15)|windows-1252|ascii)$/i;
const GUESS_NAMES: Record<string, string> = { cp932: 'shift_jis', big5: 'big5', 'koi8-r': 'koi8-r' };

/** Undeclared, not UTF-8: guess the legacy charset from byte statistics (what feedparser does with chardet). */
function guessLegacy(b: Buffer): { decoder: string; name: string; confidence: number } | null {
  const g = jschardet.detect(b);
  if (!g.encoding || g.confidence < GUESS_MIN_CONFIDENCE || LATIN_GUESS.test(g.encoding)) return null;
  const label = g.encoding.toLowerCase();
  if (!iconv.encodingExists(label)) return null;
  return { decoder: label, name: GUESS_NAMES[label] ?? label, confidence: g.confidence };
}

function decodeUtf8(
  b: Buffer,
  problems: string[],
  labelled: boolean,
): { text: string; encoding: string; fallback: boolean } {
  try {
    return {
      text: new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(b),
      encoding: 'utf-8',
      fallback: false,
    };
  } catch {
    const guess = labelled ? null : guessLegacy(b);
    if (guess) {
      problems.push(
        `No encoding declared and the bytes are not valid UTF-8; detected ${guess.name} (confidence ${guess.confidence.toFixed(2)}).`,
      );
      return { text: iconv.decode(b, guess.decoder), encoding: guess.name, fallback: true };
    }
    problems.push(
      labelled
        ? 'Bytes are not valid UTF-8 although the feed says UTF-8; decoded as windows-1252 instead.'
        : 'No encoding declared and the bytes are not valid UTF-8; decoded as windows-1252.',
    );
    return { text: decodeWith(b, 'windows-1252'), encoding: 'windows-1252', fallback: true };
  }
}

export function decodeFeedBytes(bytes: Buffer, contentType?: string): DecodedFeed {
  const problems: string[] = [];
  const bom = sniffBom(bytes);
  if (bom) {
    const body = bytes.subarray(bom.skip);
    if (bom.encoding === 'utf-8') {
      const r = decodeUtf8(body, problems, true);
      return { text: r.text, encoding: r.encoding, source: r.fallback ? 'fallback' : 'bom', problems };
    }
    const text = iconv.decode(body, bom.encoding, { stripBOM: false });
    if (text.includes('\uFFFD'))
      problems.push(`Invalid ${bom.encoding} byte sequences after the byte-order mark were replaced.`);
    return { text, encoding: bom.encoding, source: 'bom', problems };
  }

  const width = sniffWidth(bytes);
  const candidates: Array<{ label: string; source: DecodedFeed['source'] }> = [];
  const http = httpCharset(contentType);
  if (http) candidates.push({ label: http, source: 'http' });
  const declared = xmlDeclaredEncoding(bytes, width);
  if (declared) candidates.push({ label: declared, source: 'xml-declaration' });

  for (const { label, source } of candidates) {
    const where = source === 'http' ? 'HTTP Content-Type charset' : 'XML declaration encoding';
    const decoder = decoderFor(label);
    if (!decoder) {
      problems.push(`Unknown ${where} "${label}"; ignored.`);
      continue;
    }
    // A 16/32-bit document cannot really be in an 8-bit charset: trust the bytes.
    if (width && !/^utf-(16|32)/.test(decoder)) {
      problems.push(`The ${where} "${label}" contradicts the ${width} byte pattern; decoded as ${width}.`);
      break;
    }
    if (decoder === 'utf8' || decoder === 'utf-8') {
      const r = decodeUtf8(bytes, problems, true);
      return { text: r.text, encoding: r.encoding, source: r.fallback ? 'fallback' : source, problems };
    }
    const text = decodeWith(bytes, decoder);
    if (text.includes('\uFFFD')) problems.push(`Bytes invalid in ${label} were replaced.`);
    return { text, encoding: reportedName(label), source, problems };
  }

  if (width)
    return { text: iconv.decode(bytes, width, { stripBOM: false }), encoding: width, source: 'sniffed', problems };
  const r = decodeUtf8(bytes, problems, false);
  return { text: r.text, encoding: r.encoding, source: r.fallback ? 'fallback' : 'default', problems };
}
