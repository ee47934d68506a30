import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DEV_KEY_FILE, EditorialKeyError, loadEditorialKey } from '../../server/publishing/record/editorialKey.js';

const pem = (type: 'ed25519' | 'rsa') =>
  (type === 'rsa' ? generateKeyPairSync('rsa', { modulusLength: 2048 }) : generateKeyPairSync('ed25519')).privateKey
    .export({ type: 'pkcs8', format: 'pem' })
    .toString();

describe('the editorial signing key', () => {
  test('processes starting together in development generate one key in DATA_DIR and all use it', async () => {
    const dataDir = path.join(mkdtempSync(path.join(os.tmpdir(), 'bd-key-')), 'data');
    const keys = await Promise.all(
      Array.from({ length: 12 }, () => loadEditorialKey({ nodeEnv: 'development', dataDir })),
    );
    expect(new Set(keys.map((k) => k.keyId)).size).toBe(1);
    expect(keys[0].keyId).toMatch(/^ed25519:[0-9a-f]{16}$/);
    // Only the key is left behind (no temporary files), readable by its owner alone.
    expect(readdirSync(dataDir)).toEqual([DEV_KEY_FILE]);
    expect(statSync(path.join(dataDir, DEV_KEY_FILE)).mode & 0o077).toBe(0);
    // A later start reads the same key.
    expect((await loadEditorialKey({ nodeEnv: 'development', dataDir })).keyId).toBe(keys[0].keyId);
  });

  test('EDITORIAL_SIGNING_KEY may be PEM text (also with literal \\n) or a file path; it must be Ed25519', async () => {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'bd-key-'));
    const key = pem('ed25519');
    const file = path.join(dataDir, 'k.pem');
    writeFileSync(file, key);
    const a = await loadEditorialKey({ nodeEnv: 'production', dataDir, editorialSigningKey: key });
    const b = await loadEditorialKey({ nodeEnv: 'production', dataDir, editorialSigningKey: file });
    const c = await loadEditorialKey({
      nodeEnv: 'production',
      dataDir,
      editorialSigningKey: key.replace(/\n/g, '\\n'),
    });
    expect(b.keyId).toBe(a.keyId);
    expect(c.keyId).toBe(a.keyId);
    expect(readdirSync(dataDir)).toEqual(['k.pem']); // nothing generated when a key is given
    await expect(loadEditorialKey({ nodeEnv: 'production', dataDir, editorialSigningKey: pem('rsa') })).rejects.toThrow(
      /is a rsa key; editorial records need Ed25519/,
    );
    await expect(
      loadEditorialKey({ nodeEnv: 'production', dataDir, editorialSigningKey: '/nonexistent/key.pem' }),
    ).rejects.toThrow(/cannot read the key file \/nonexistent\/key.pem/);
    await expect(loadEditorialKey({ nodeEnv: 'production', dataDir })).rejects.toThrow(EditorialKeyError);
  });
});
