import zlib from 'node:zlib';
import { Transform, type TransformCallback } from 'node:stream';

/**
 * Decoders for a Content-Encoding header, in the order they must be applied.
 * Throws for an encoding we cannot decode, since a size limit on still-encoded
 * bytes would mean nothing.
 */
export function contentDecoders(header: string | undefined): Transform[] {
  if (!header) return [];
  const codings = header
    .split(',')
    .map((c) => c.trim().toLowerCase())
    .filter((c) => c && c !== 'identity');
  // Codings are listed in the order they were applied, so undo them backwards.
  return codings.reverse().map((c) => {
    switch (c) {
      case 'gzip':
      case 'x-gzip':
        return zlib.createGunzip();
      case 'deflate':
        return new DeflateAuto();
      case 'br':
        return zlib.createBrotliDecompress();
      default:
        throw new Error(`unsupported content-coding ${c}`);
    }
  });
}

/**
 * HTTP "deflate" should be zlib-wrapped, but some servers send raw deflate.
 * The first byte tells them apart (zlib's CMF low nibble is 8).
 */
class DeflateAuto extends Transform {
  private inner?: zlib.Inflate | zlib.InflateRaw;

  override _transform(chunk: Buffer, _enc: BufferEncoding, cb: TransformCallback): void {
    if (!this.inner) {
      const inner = (chunk[0] & 0x0f) === 8 ? zlib.createInflate() : zlib.createInflateRaw();
      inner.on('data', (d: Buffer) => this.push(d));
      inner.on('error', (e) => this.destroy(e));
      this.inner = inner;
    }
    this.inner.write(chunk, () => cb());
  }

  override _flush(cb: TransformCallback): void {
    if (!this.inner) return cb();
    this.inner.once('end', () => cb());
    this.inner.end();
  }

  override _destroy(err: Error | null, cb: (error: Error | null) => void): void {
    this.inner?.destroy();
    cb(err);
  }
}
