import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';

const brotli = promisify(brotliCompress);
const gz = promisify(gzip);

export type ContentCoding = 'br' | 'gzip';

/** Below this, compression saves less than its header costs. */
const MIN_COMPRESSIBLE = 1024;

/**
 * A public page or feed as it goes on the wire: the bytes encoded once, and compressed
 * variants made once on first demand (off the event loop, in zlib's thread pool) and kept
 * with it, as a CDN or nginx's gzip_static would. Each variant has its own strong ETag.
 */
export class PublicBody {
  readonly bytes: Buffer;
  readonly lastModifiedHttp: string;
  private readonly variants = new Map<ContentCoding, Promise<Buffer>>();

  constructor(
    body: string,
    readonly etag: string,
    readonly lastModified: Date,
    readonly contentType: string,
  ) {
    this.bytes = Buffer.from(body, 'utf8');
    this.lastModifiedHttp = lastModified.toUTCString();
  }

  get compressible(): boolean {
    return this.bytes.length >= MIN_COMPRESSIBLE;
  }

  encoded(coding: ContentCoding): Promise<Buffer> {
    let v = this.variants.get(coding);
    if (!v) {
      v =
        coding === 'br'
          ? brotli(this.bytes, {
              params: { [constants.BROTLI_PARAM_QUALITY]: 9, [constants.BROTLI_PARAM_SIZE_HINT]: this.bytes.length },
            })
          : gz(this.bytes, { level: 9 });
      this.variants.set(coding, v);
      // A failed compression is retried next time rather than cached.
      v.catch(() => this.variants.delete(coding));
    }
    return v;
  }

  /** `"abc"` → `"abc-br"`: a strong validator must differ between encodings of the same page. */
  etagFor(coding: ContentCoding | null): string {
    return coding ? `${this.etag.slice(0, -1)}-${coding}"` : this.etag;
  }
}
