// The load campaign's simulated Zendesk, in its own process so serving its pages never shares the campaign's event
// loop. Prints {url, adminEmail, apiToken}; on "mutate" changes the truth and prints what the change removed.
// Run: node test/campaign/load-sim.ts --seed 7 --tokens 100000 --users 20000 --local-clients 1000 --global-clients 1000
//        [--slow-token-pages-ms 30]   (after "mutate", every page of OAuth tokens answers that much later)
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { createZendeskSimulator } from '../../sim/zendesk/server.ts';
import { revokeToken } from '../../sim/zendesk/tenant-index.ts';
import { truthOf } from './truth.ts';

export interface SimSizes {
  seed: number;
  tokens: number;
  users: number;
  localClients: number;
  globalClients: number;
}
export interface SimReady {
  url: string;
  adminEmail: string;
  apiToken: string;
}
export type Totals = { apps: number; grants: number };
export interface SimMutation {
  revoked: number;
  installationsRemoved: number;
  /** The complete inventory's totals before and after the change, as test/campaign/truth.ts counts them. */
  truthBefore: Totals;
  truthAfter: Totals;
}

/** The command line that starts this file with these sizes. */
export const simArgs = (s: SimSizes, slowTokenPagesMs: number): string[] => [
  import.meta.filename,
  ...['--seed', String(s.seed), '--tokens', String(s.tokens), '--users', String(s.users)],
  ...['--local-clients', String(s.localClients), '--global-clients', String(s.globalClients)],
  ...['--slow-token-pages-ms', String(slowTokenPagesMs)],
];

if (import.meta.main) {
  const { values } = parseArgs({
    options: Object.fromEntries(
      ['seed', 'tokens', 'users', 'local-clients', 'global-clients', 'slow-token-pages-ms'].map((k) => [
        k,
        { type: 'string' as const },
      ]),
    ),
    strict: true,
  });
  const n = (k: string, fallback: number) => Number(values[k] ?? fallback);
  const sim = createZendeskSimulator({
    seed: n('seed', 7),
    tokens: n('tokens', 100_000),
    users: n('users', 20_000),
    localClients: n('local-clients', 1_000),
    globalClients: n('global-clients', 1_000),
    rateLimit: 1e9,
  });
  const slowMs = n('slow-token-pages-ms', 0);
  const server = await sim.listen(0, '127.0.0.1');
  const { adminEmail, apiToken } = sim.tenant.credentials;
  const ready: SimReady = { url: server.url, adminEmail, apiToken };
  process.stdout.write(`${JSON.stringify(ready)}\n`);
  const totals = (): Totals => {
    const t = truthOf(sim.tenant);
    return { apps: t.apps.size, grants: t.grants.size };
  };
  createInterface({ input: process.stdin })
    .on('line', (line) => {
      if (line.trim() !== 'mutate') return;
      const t = sim.tenant;
      const truthBefore = totals();
      const victims = t.tokens.filter((_, i) => i % 20 === 0).map((x) => x.id);
      let revoked = 0;
      for (const id of victims) if (revokeToken(t, id)) revoked++;
      const installationsRemoved = t.installations.splice(0, 3).length;
      // Slower token pages stretch the second sync so the campaign's probes run many times while it runs.
      if (slowMs > 0) sim.faults.add({ route: 'oauth.tokens', kind: 'slow', param: slowMs });
      const m: SimMutation = { revoked, installationsRemoved, truthBefore, truthAfter: totals() };
      process.stdout.write(`${JSON.stringify(m)}\n`);
    })
    .on('close', () => void server.close().then(() => process.exit(0)));
}
