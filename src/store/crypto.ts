// Secrets at rest: AES-256-GCM with a random IV per value, bound to the row it belongs to (AAD), and a key check
// so that a wrong key is a clear startup error, never silent garbage.
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const VERSION = 'v1';
export const KEY_FILE = 'secret.key';

export class KeyError extends Error {
  override readonly name = 'KeyError';
}

export interface Cipher {
  encrypt(plaintext: string, aad: string): string;
  decrypt(ciphertext: string, aad: string): string;
}

export function parseKey(value: string): Buffer {
  const v = value.trim();
  const key = /^[0-9a-f]{64}$/i.test(v) ? Buffer.from(v, 'hex') : Buffer.from(v, 'base64');
  if (key.length !== 32) {
    throw new KeyError(
      'GRANTSCOPE_SECRET_KEY must be 32 bytes, as 64 hex characters or base64 (generate one with: openssl rand -base64 32).',
    );
  }
  return key;
}

/**
 * The key from GRANTSCOPE_SECRET_KEY, or — for the embedded database only — from a 0600 key file in the data folder,
 * generated on first start. A server database needs the variable: every process on every machine must share it.
 */
export function loadKey(opts: { secretKey: string | null; dataDir: string; embedded: boolean }): Buffer {
  if (opts.secretKey) return parseKey(opts.secretKey);
  if (!opts.embedded) {
    throw new KeyError(
      'Set GRANTSCOPE_SECRET_KEY (32 bytes, e.g. `openssl rand -base64 32`) when DATABASE_URL is set: every Grantscope process must use the same key.',
    );
  }
  const file = join(opts.dataDir, KEY_FILE);
  if (existsSync(file)) return parseKey(readFileSync(file, 'utf8'));
  mkdirSync(opts.dataDir, { recursive: true });
  const key = randomBytes(32);
  writeFileSync(file, `${key.toString('base64')}\n`, { mode: 0o600, flag: 'wx' });
  chmodSync(file, 0o600);
  return key;
}

export function createCipher(key: Buffer): Cipher {
  return {
    encrypt(plaintext, aad) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      cipher.setAAD(Buffer.from(aad));
      const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
      return `${VERSION}:${Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64')}`;
    },
    decrypt(ciphertext, aad) {
      const [version, payload] = ciphertext.split(':', 2);
      if (version !== VERSION || !payload) throw new KeyError('A stored secret has an unknown format.');
      const raw = Buffer.from(payload, 'base64');
      const decipher = createDecipheriv('aes-256-gcm', key, raw.subarray(0, 12));
      decipher.setAAD(Buffer.from(aad));
      decipher.setAuthTag(raw.subarray(12, 28));
      try {
        return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8');
      } catch {
        throw new KeyError(
          'A stored secret cannot be decrypted with this key: GRANTSCOPE_SECRET_KEY (or the key file) is not the one the data was encrypted with.',
        );
      }
    },
  };
}
