// ULIDs like the ids Zendesk gives webhooks: 10 characters of time, 16 of randomness (Crockford base32).
import type { Rng } from './rng.ts';

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

export function ulid(ms: number, rng: Rng): string {
  let time = '';
  let t = ms;
  for (let i = 0; i < 10; i++) {
    time = CROCKFORD[t % 32] + time;
    t = Math.floor(t / 32);
  }
  return time + rng.chars(16, CROCKFORD);
}
