import iconv from 'iconv-lite';

/**
 * Bytes to string for an HTML page, following the HTML spec's order of
 * authority: byte-order mark, then the HTTP charset, then a <meta> in the
 * first bytes. Without any of those, valid UTF-8 is assumed to be UTF-8 and
 * anything else windows-1252, which is what browsers effectively do.
 */

const PRESCAN_BYTES = 4096;

// WHATWG maps these labels to windows-1252; decoding them as strict Latin-1
// would mangle curly quotes and dashes in 0x80–0x9F.
const WINDOWS_1252_ALIASES = new Set([
  'iso-8859-1',
  'iso8859-1',
  'latin1',
  'l1',
  'ascii',
  'us-ascii',
  'iso_8859-1',
  'cp819',
]);

function normalizeLabel(label: string | undefined): string | null {
  if (!label) return null;
  const l = label
    .trim()
    .toLowerCase()
    .replace(/^["']|["']$/g, '');
  if (!l) return null;
  if (WINDOWS_1252_ALIASES.has(l)) return 'windows-1252';
  if (l === 'x-user-defined') return 'windows-1252';
  return iconv.encodingExists(l) ? l : null;
}

function bomEncoding(body: Buffer): { encoding: string; length: number } | null {
  if (body[0] === 0xef && body[1] === 0xbb && body[2] === 0xbf) return { encoding: 'utf-8', length: 3 };
  if (body[0] === 0xff && body[1] === 0xfe) return { encoding: 'utf-16le', length: 2 };
  if (body[0] === 0xfe && body[1] === 0xff) return { encoding: 'utf-16be', length: 2 };
  return null;
}

function charsetFromContentType(contentType: string | undefined): string | undefined {
  return contentType ? /;\s*charset\s*=\s*"?([^";\s]+)/i.exec(contentType)?.[1] : undefined;
}

function metaCharset(body: Buffer): string | undefined {
  const head = body
    .subarray(0, PRESCAN_BYTES)
    .toString('latin1')
    .replace(/<!--[\s\S]*?-->/g, '');
  const direct = /<meta[^>]+charset\s*=\s*["']?\s*([\w.:-]+)/i.exec(head);
  if (direct) return direct[1];
  const httpEquiv = /<meta[^>]+http-equiv\s*=\s*["']?content-type["']?[^>]*>/i.exec(head);
  return httpEquiv ? /charset\s*=\s*([\w.:-]+)/i.exec(httpEquiv[0])?.[1] : undefined;
}

function isValidUtf8(body: Buffer): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(body);
    return true;
  } catch {
    return false;
  }
}

export function decodeHtml(body: Buffer, contentType?: string): string {
  const bom = bomEncoding(body);
  if (bom) return iconv.decode(body.subarray(bom.length), bom.encoding, { stripBOM: false });

  const fromHttp = normalizeLabel(charsetFromContentType(contentType));
  if (fromHttp) return iconv.decode(body, fromHttp);

  let fromMeta = normalizeLabel(metaCharset(body));
  // A meta tag read as ASCII cannot truthfully declare a UTF-16 page (HTML spec).
  if (fromMeta && /^utf-?16/.test(fromMeta)) fromMeta = 'utf-8';
  if (fromMeta) return iconv.decode(body, fromMeta);

  return isValidUtf8(body) ? iconv.decode(body, 'utf-8') : iconv.decode(body, 'windows-1252');
}
