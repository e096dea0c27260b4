// Structured JSON logs (pino) with secrets redacted by key, wherever they appear in a logged object.
import pino, { type Logger } from 'pino';

const SECRET_KEYS = [
  'password',
  'apiToken',
  'clientSecret',
  'accessToken',
  'refreshToken',
  'token',
  'secret',
  'authorization',
  'cookie',
  'key',
  'ciphertext',
  'code',
  'code_verifier',
  'verifier',
  'setupToken',
];

export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  const paths = SECRET_KEYS.flatMap((k) => [k, `*.${k}`, `*.*.${k}`]);
  return pino(
    {
      level,
      base: { service: 'grantscope' },
      redact: { paths, censor: '[redacted]' },
      timestamp: pino.stdTimeFunctions.isoTime,
    },
    destination,
  );
}
