import { decodeHtmlEntity } from './htmlEntities.js';

/**
 * Makes real-world feed XML well-formed enough for a strict-ish parser while
 * recording, in readable words, everything that had to be fixed (feedparser's
 * "bozo" signal). Recovery over rejection: a truncated or sloppy feed still has
 * readable entries.
 *
 * Fixes: XML declaration not at the start, DOCTYPEs (internal entities are
 * expanded first), HTML-only entities, bare "&" and "<", unterminated CDATA and
 * comments, a tag cut off at end of file, end tags that do not match, elements
 * left open at end of file. Also reports undeclared namespace prefixes.
 */
export interface RepairedXml {
  xml: string;
  /** Local name of the document element, lower-cased, e.g. "rss", "feed", "rdf". */
  root: string | undefined;
  /** Qualified name as written, e.g. "rdf:RDF". */
  rootQName: string | undefined;
  problems: string[];
}

const TOKEN =
  /<!--[\s\S]*?(?:-->|$)|<!\[CDATA\[[\s\S]*?(?:\]\]>|$)|<\?[\s\S]*?(?:\?>|$)|<!DOCTYPE\b[^[>]*(?:\[[\s\S]*?\]\s*)?>?|<\/?[A-Za-z_][\w:.-]*(?:[^>"']|"[^"]*"|'[^']*')*>?|&[^\s&<;]{0,40};|&|</gi;

const XML_ENTITIES = new Set(['amp', 'lt', 'gt', 'quot', 'apos']);
const ENTITY_DECL = /<!ENTITY\s+([A-Za-z_][\w.-]*)\s+(?:"([^"]*)"|'([^']*)')\s*>/g;

function escapeText(s: string): string {
  return s.replace(/&(?![#\w][\w.-]*;)/g, '&amp;').replace(/</g, '&lt;');
}

function validCodePoint(ref: string): boolean {
  const n = ref[1] === 'x' || ref[1] === 'X' ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10);
  return (
    Number.isFinite(n) &&
    (n === 0x9 ||
      n === 0xa ||
      n === 0xd ||
      (n >= 0x20 && n <= 0xd7ff) ||
      (n >= 0xe000 && n <= 0xfffd) ||
      (n >= 0x10000 && n <= 0x10ffff))
  );
}

class Repairer {
  readonly problems: string[] = [];
  private readonly seen = new Set<string>();
  readonly entities = new Map<string, string>();

  note(key: string, message: string): void {
    if (this.seen.has(key)) return;
    this.seen.add(key);
    this.problems.push(message);
  }

  entity(token: string): string {
    if (token === '&') {
      this.note('bare-amp', 'Unescaped "&" in the XML was treated as a literal ampersand.');
      return '&amp;';
    }
    const name = token.slice(1, -1);
    if (name.startsWith('#')) {
      if (/^#(?:\d+|x[0-9a-f]+)$/i.test(name) && validCodePoint(name)) return token;
      this.note(`bad-ref:${name}`, `Invalid character reference "${token}" was dropped.`);
      return '';
    }
    if (XML_ENTITIES.has(name)) return token;
    const declared = this.entities.get(name);
    if (declared !== undefined) return escapeText(declared);
    const html = /^[A-Za-z][A-Za-z0-9]*$/.test(name) ? decodeHtmlEntity(name) : null;
    if (html !== null) {
      this.note(`html-entity:${name}`, `Entity "${token}" is not defined in XML (HTML-only); decoded as HTML.`);
      return [...html].map((ch) => `&#${ch.codePointAt(0)};`).join('');
    }
    this.note(`unknown-entity:${name}`, `Unknown entity "${token}" kept as literal text.`);
    return `&amp;${token.slice(1)}`;
  }

  attributes(tag: string): string {
    return tag.replace(/&[^\s&<;"']{0,40};|&/g, (t) => this.entity(t));
  }
}

function splitName(tag: string): { end: boolean; name: string; selfClosing: boolean } {
  const m = /^<(\/?)([A-Za-z_][\w:.-]*)/.exec(tag)!;
  return { end: m[1] === '/', name: m[2], selfClosing: /\/>$/.test(tag) };
}

export function repairXml(input: string): RepairedXml {
  const r = new Repairer();
  const out: string[] = [];
  const stack: string[] = [];
  let root: string | undefined;
  let rootQName: string | undefined;
  let rootClosed = false;
  let sawDoctype = false;
  const usedPrefixes = new Set<string>();
  const declaredPrefixes = new Set<string>(['xml', 'xmlns']);
  let last = 0;
  let contentBefore = false; // anything but whitespace emitted yet

  const text = input.replace(/^\uFEFF/, '');
  for (const m of text.matchAll(TOKEN)) {
    const token = m[0];
    const start = m.index;
    const between = text.slice(last, start);
    if (between) {
      out.push(between);
      if (between.trim()) {
        contentBefore = true;
        if (stack.length === 0) r.note('text-outside', 'Text outside the document element was ignored.');
      }
    }
    last = start + token.length;

    if (token.startsWith('<!--')) {
      if (!token.endsWith('-->')) {
        r.note('comment', 'Unterminated comment at the end of the document was closed.');
        out.push(`${token}-->`);
      } else out.push(token);
      continue;
    }
    if (token.startsWith('<![CDATA[')) {
      contentBefore = true;
      if (!token.endsWith(']]>')) {
        r.note('cdata', 'Unterminated CDATA section at the end of the document was closed.');
        out.push(`${token}]]>`);
      } else out.push(token);
      continue;
    }
    if (token.startsWith('<?')) {
      if (/^<\?xml[\s?]/i.test(token)) {
        if (contentBefore || out.some((p) => p.trim() !== '')) {
          r.note('decl', 'The XML declaration is not at the start of the document (something precedes it).');
        }
        continue; // the text is already decoded; the declaration has done its job
      }
      out.push(token.endsWith('?>') ? token : `${token}?>`);
      continue;
    }
    if (/^<!DOCTYPE/i.test(token)) {
      // The internal subset holds entity definitions used below; the DOCTYPE itself
      // is dropped (feedparser always strips it, and it can pull in external DTDs).
      if (!sawDoctype) for (const d of token.matchAll(ENTITY_DECL)) r.entities.set(d[1], d[2] ?? d[3] ?? '');
      sawDoctype = true;
      continue;
    }
    if (token === '<') {
      r.note('bare-lt', 'Unescaped "<" in the XML was treated as literal text.');
      out.push('&lt;');
      contentBefore = true;
      continue;
    }
    if (token.startsWith('&')) {
      out.push(r.entity(token));
      contentBefore = true;
      continue;
    }

    // An element tag.
    contentBefore = true;
    let tag = token;
    if (!tag.endsWith('>')) {
      r.note('cut-tag', 'The document ends in the middle of a tag; the tag was completed.');
      tag += '>';
    }
    tag = r.attributes(tag);
    const { end, name, selfClosing } = splitName(tag);
    const prefix = name.includes(':') ? name.split(':')[0] : undefined;
    if (prefix) usedPrefixes.add(prefix);
    for (const a of tag.matchAll(/\s([A-Za-z_][\w.-]*):([\w.-]+)\s*=/g)) {
      if (a[1] === 'xmlns') declaredPrefixes.add(a[2]);
      else usedPrefixes.add(a[1]);
    }

    if (end) {
      const at = stack.lastIndexOf(name);
      if (at === -1) {
        r.note(`stray:${name}`, `End tag </${name}> has no matching start tag and was ignored.`);
        continue;
      }
      const unclosed = stack.splice(at);
      unclosed.shift();
      for (const inner of unclosed.reverse()) {
        r.note(`unclosed:${inner}`, `Element <${inner}> was not closed before </${name}>.`);
        out.push(`</${inner}>`);
      }
      out.push(tag);
      if (stack.length === 0) rootClosed = true;
      continue;
    }
    if (stack.length === 0) {
      if (root === undefined) {
        rootQName = name;
        root = (name.includes(':') ? name.split(':')[1] : name).toLowerCase();
      } else if (rootClosed) {
        r.note('second-root', `Content after the end of the document element (<${name}>) was ignored.`);
        last = text.length;
        break;
      }
    }
    out.push(tag);
    if (!selfClosing) stack.push(name);
    else if (stack.length === 0) rootClosed = true;
  }
  const tail = text.slice(last);
  if (tail) out.push(tail);

  if (stack.length > 0) {
    r.note(
      'eof',
      `The document ended before ${stack
        .map((n) => `<${n}>`)
        .reverse()
        .join(', ')} ${stack.length === 1 ? 'was' : 'were'} closed (truncated feed?).`,
    );
    for (const name of stack.reverse()) out.push(`</${name}>`);
  }
  for (const p of usedPrefixes) {
    if (!declaredPrefixes.has(p)) r.note(`ns:${p}`, `Namespace prefix "${p}:" is used but never declared.`);
  }
  return { xml: out.join(''), root, rootQName, problems: r.problems };
}
