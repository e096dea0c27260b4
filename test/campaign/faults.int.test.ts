// The fault campaign in short (20 syncs, 200–800 grants) for CI: every sync under random faults ends completed or
// failed with a reason, removes nothing that still exists, and leaves either the whole truth or the previous
// inventory live. The long version is `npm run campaign:faults` (bench/campaign-faults.ts).
import { describe, expect, it } from 'vitest';
import { runFaultCampaign } from './fault-core.ts';
import { outcomesTable, totalsTable, violationLines } from './report.ts';

const SEED = Number(process.env.CAMPAIGN_SEED ?? 1);

describe('fault campaign (short)', () => {
  it('keeps every invariant through 20 syncs under random faults, with the truth changing between them', async () => {
    const result = await runFaultCampaign({
      runs: 20,
      engine: 'pglite',
      seed: SEED,
      minTokens: 200,
      maxTokens: 800,
      runsPerTenant: 5,
    });
    console.info(`${outcomesTable(result.records)}\n\n${totalsTable(result.records, result.ms)}`);
    const broken = violationLines(
      result.records,
      () =>
        `npm run campaign:faults -- --seed ${SEED} --runs 20 --min-tokens 200 --max-tokens 800 --runs-per-tenant 5`,
    );
    expect(broken).toEqual([]);
    expect(result.records).toHaveLength(20);
    // Both outcomes were exercised, or the campaign proved nothing about failures.
    expect(result.records.some((r) => r.status === 'completed')).toBe(true);
    expect(result.records.some((r) => r.status !== 'completed')).toBe(true);
  }, 120_000);
});
