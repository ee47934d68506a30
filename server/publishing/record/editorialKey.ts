import {
  createHash,
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  randomBytes,
  type KeyObject,
} from 'node:crypto';
import { link, readFile, unlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { makeDirectory } from '../../util/makeDirectory.js';

/** What the editorial record needs of the configuration (env.ts's Config carries it). */
export interface EditorialKeySettings {
  nodeEnv: 'development' | 'production' | 'test';
  dataDir: string;
  /** EDITORIAL_SIGNING_KEY: an Ed25519 private key as PEM, or the path of a PEM file. */
  editorialSigningKey?: string;
}

/** The publisher's signing key for editorial records, and how readers name its public half. */
export interface EditorialKey {
  privateKey: KeyObject;
  publicKeyPem: string;
  /** "ed25519:" + the first 16 hex digits of sha256 over the public key's SPKI DER bytes. */
  keyId: string;
}

export const DEV_KEY_FILE = 'editorial-signing-key.pem';

export class EditorialKeyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'EditorialKeyError';
  }
}

export function keyIdOf(publicKey: KeyObject): string {
  const der = publicKey.export({ type: 'spki', format: 'der' });
  return 'ed25519:' + createHash('sha256').update(der).digest('hex').slice(0, 16);
}

export function publicKeyFromPem(pem: string): KeyObject {
  const key = createPublicKey(pem);
  if (key.asymmetricKeyType !== 'ed25519') throw new EditorialKeyError('the public key is not an Ed25519 key');
  return key;
}

function fromPrivatePem(pem: string, where: string): EditorialKey {
  let privateKey: KeyObject;
  try {
    privateKey = createPrivateKey(pem);
  } catch {
    throw new EditorialKeyError(`${where} is not a readable PEM private key`);
  }
  if (privateKey.asymmetricKeyType !== 'ed25519')
    throw new EditorialKeyError(`${where} is a ${privateKey.asymmetricKeyType} key; editorial records need Ed25519`);
  const publicKey = createPublicKey(privateKey);
  return {
    privateKey,
    publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    keyId: keyIdOf(publicKey),
  };
}

/**
 * Development keeps one generated key in DATA_DIR. Processes that start at the same moment
 * each write a complete key to a private temporary file and link() it into place: link fails
 * when the name exists, so exactly one key wins, nobody ever reads a half-written file, and
 * every process then reads the winner.
 */
async function devKey(dataDir: string): Promise<string> {
  const file = path.join(dataDir, DEV_KEY_FILE);
  const existing = await readFile(file, 'utf8').catch(() => null);
  if (existing) return existing;
  await makeDirectory(dataDir);
  const { privateKey } = generateKeyPairSync('ed25519');
  const tmp = `${file}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
  await writeFile(tmp, privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600, flag: 'wx' });
  try {
    await link(tmp, file);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
  } finally {
    await unlink(tmp).catch(() => {});
  }
  return readFile(file, 'utf8');
}

/**
 * The key from EDITORIAL_SIGNING_KEY (PEM text or a file path); without it, outside production,
 * the development key in DATA_DIR (generated once). Production without a key is refused by
 * env.ts before anything starts; this repeats the rule for callers that build settings by hand.
 */
export async function loadEditorialKey(s: EditorialKeySettings): Promise<EditorialKey> {
  const given = s.editorialSigningKey;
  if (given) {
    // Environment files often carry a PEM on one line with literal \n.
    if (given.includes('-----BEGIN')) return fromPrivatePem(given.replace(/\\n/g, '\n'), 'EDITORIAL_SIGNING_KEY');
    const pem = await readFile(given, 'utf8').catch(() => {
      throw new EditorialKeyError(`EDITORIAL_SIGNING_KEY: cannot read the key file ${given}`);
    });
    return fromPrivatePem(pem, `EDITORIAL_SIGNING_KEY (${given})`);
  }
  if (s.nodeEnv === 'production')
    throw new EditorialKeyError('EDITORIAL_SIGNING_KEY is required when NODE_ENV=production');
  return fromPrivatePem(await devKey(s.dataDir), path.join(s.dataDir, DEV_KEY_FILE));
}
