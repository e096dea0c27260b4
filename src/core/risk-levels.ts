// Ordering of risk levels and the score bands that tie a 0–100 score to a level.
import { RiskLevel } from './domain.ts';

export const RISK_LEVELS: readonly RiskLevel[] = RiskLevel.options;

/** Lowest score of each level's band; a score belongs to the highest band whose minimum it reaches. */
export const LEVEL_MIN_SCORE: Readonly<Record<RiskLevel, number>> = {
  low: 0,
  medium: 25,
  high: 50,
  // Critical is reserved for access that is critical by itself (write everything, impersonation, API tokens): with
  // 75, read-only apps with ordinary context (admins, many users, stale, never expiring) filled the top — 60 of
  // 84 apps in the demo tenant (model 1.0.0).
  critical: 80,
};

/**
 * The score an app starts from, set by its riskiest access. Low and medium sit 5 points into their bands, so
 * context (capped at 20 points) lifts them by one level at most, only when the whole cap is used; high tops out
 * at 75 and stays high; critical starts its band.
 */
export const BASE_POINTS: Readonly<Record<RiskLevel, number>> = {
  low: 5,
  medium: 30,
  high: 55,
  critical: 80,
};

export function riskRank(level: RiskLevel): number {
  return RISK_LEVELS.indexOf(level);
}

export function compareRiskLevels(a: RiskLevel, b: RiskLevel): number {
  return riskRank(a) - riskRank(b);
}

export function maxRiskLevel(levels: Iterable<RiskLevel>): RiskLevel | null {
  let max: RiskLevel | null = null;
  for (const level of levels) {
    if (max === null || riskRank(level) > riskRank(max)) max = level;
  }
  return max;
}

export function levelForScore(score: number): RiskLevel {
  if (score >= LEVEL_MIN_SCORE.critical) return 'critical';
  if (score >= LEVEL_MIN_SCORE.high) return 'high';
  if (score >= LEVEL_MIN_SCORE.medium) return 'medium';
  return 'low';
}
