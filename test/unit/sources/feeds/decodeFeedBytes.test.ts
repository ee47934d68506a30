import iconv from 'iconv-lite';
import { decodeFeedBytes, httpCharset } from '../../../../server/sources/feeds/decodeFeedBytes.js';

const xml = (decl: string, body = '<rss><channel><title>Café</title></channel></rss>') => `${decl}${body}`;

describe('decodeFeedBytes', () => {
  it('prefers a BOM over the HTTP charset and the XML declaration', () => {
    const bytes = Buffer.concat([
      Buffer.from([0xef, 0xbb, 0xbf]),
      Buffer.from(xml('<?xml version="1.0" encoding="iso-8859-1"?>')),
    ]);
    const r = decodeFeedBytes(bytes, 'text/xml; charset=koi8-r');
    expect(r).toMatchObject({ encoding: 'utf-8', source: 'bom', problems: [] });
    expect(r.text).toContain('Café');
  });

  it('lets the HTTP charset override the XML declaration', () => {
    const bytes = iconv.encode(xml('<?xml version="1.0" encoding="utf-8"?>'), 'iso-8859-1');
    const r = decodeFeedBytes(bytes, 'application/rss+xml; charset="ISO-8859-1"');
    expect(r).toMatchObject({ encoding: 'iso-8859-1', source: 'http', problems: [] });
    expect(r.text).toContain('Café');
  });

  it('uses the XML declaration when there is no BOM or HTTP charset', () => {
    const r = decodeFeedBytes(
      iconv.encode(
        xml('<?xml version="1.0" encoding="windows-1251"?>', '<rss><title>Привет</title></rss>'),
        'windows-1251',
      ),
    );
    expect(r).toMatchObject({ encoding: 'windows-1251', source: 'xml-declaration' });
    expect(r.text).toContain('Привет');
  });

  it('detects BOM-less UTF-16 from the byte pattern of "<?"', () => {
    const r = decodeFeedBytes(iconv.encode(xml('<?xml version="1.0"?>'), 'utf-16le'));
    expect(r).toMatchObject({ encoding: 'utf-16le', source: 'sniffed' });
    expect(r.text).toContain('Café');
  });

  it('falls back to windows-1252 for invalid UTF-8 and reports it', () => {
    const r = decodeFeedBytes(iconv.encode(xml(''), 'windows-1252'));
    expect(r.encoding).toBe('windows-1252');
    expect(r.text).toContain('Café');
    expect(r.problems.join(' ')).toMatch(/not valid UTF-8/);
  });

  it('reports a bogus declared encoding and decodes as UTF-8', () => {
    const r = decodeFeedBytes(Buffer.from(xml('<?xml version="1.0" encoding="bogus"?>')), 'text/xml; charset=nonsense');
    expect(r.encoding).toBe('utf-8');
    expect(r.problems).toHaveLength(2);
    expect(r.problems.join(' ')).toMatch(/nonsense.*bogus/);
  });

  it('parses charset parameters with quotes and spaces', () => {
    expect(httpCharset("application/atom+xml;charset='gb2312'")).toBe('gb2312');
    expect(httpCharset('text/xml;charset = us-ascii')).toBe('us-ascii');
    expect(httpCharset('text/xml')).toBeUndefined();
  });
});
