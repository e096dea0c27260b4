// Tests for how the risk model turns reasons into a score and a level, and for its determinism and docs.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { AppRisk } from './domain.ts';
import { assessApp, CONTEXT_POINTS_CAP, REASON_POINTS, RISK_MODEL_VERSION } from './risk.ts';
import {
  BASE_POINTS,
  compareRiskLevels,
  LEVEL_MIN_SCORE,
  levelForScore,
  maxRiskLevel,
} from './risk-levels.ts';
import { daysAgo, grant, grantsFromUsers, input, NOW } from './risk-test-fixtures.ts';

describe('score and level', () => {
  it('starts from the base of the riskiest scope when nothing else applies', () => {
    const cases = [
      ['docs:read', 5, 'low'],
      ['people:read', 30, 'medium'],
      ['tickets:read', 55, 'high'],
      ['write', 80, 'critical'],
    ] as const;
    for (const [scope, score, level] of cases) {
      const risk = assessApp(input({}, [grant({ scopes: [scope] })]), { now: NOW });
      expect({ scope, score: risk.score, level: risk.level }).toEqual({ scope, score, level });
    }
  });

  it('scores an OAuth app nobody has authorized 0, low, with no reasons', () => {
    const risk = assessApp(input({}, []), { now: NOW });
    expect(risk).toEqual({ level: 'low', score: 0, reasons: [], modelVersion: RISK_MODEL_VERSION });
  });

  it('adds the points of contextual reasons to the base', () => {
    const risk = assessApp(input({ kind: 'custom_oauth_app' }, [grant({ expiresAt: null })]), { now: NOW });
    expect(risk.score).toBe(5 + 5 + 5);
  });

  it('caps contextual points at 20, however many reasons apply', () => {
    const grants = grantsFromUsers(12, { scopes: ['hooks:write'], adminGranted: true, expiresAt: null });
    const risk = assessApp(
      input(
        { publisher: null },
        grants.map((g) => ({ ...g, lastUsedAt: daysAgo(300) })),
      ),
      {
        now: NOW,
      },
    );
    const contextSum = risk.reasons.filter((r) => r.code !== 'base_risk').reduce((s, r) => s + r.points, 0);
    expect(contextSum).toBeGreaterThan(CONTEXT_POINTS_CAP);
    expect(risk.score).toBe(55 + CONTEXT_POINTS_CAP);
    expect(risk.level).toBe('high');
  });

  it('lifts a low app to medium only when context uses the whole cap', () => {
    const full = input({ publisher: null }, [grant({ expiresAt: null, lastUsedAt: daysAgo(100) })]);
    expect(assessApp(full, { now: NOW })).toMatchObject({ score: 25, level: 'medium' });
    const short = input({ publisher: null }, [grant({ expiresAt: null })]);
    expect(assessApp(short, { now: NOW })).toMatchObject({ score: 20, level: 'low' });
  });

  it('never rates an app below its riskiest scope', () => {
    const risk = assessApp(input({}, [grant({ scopes: ['impersonate'] })]), { now: NOW });
    expect(compareRiskLevels(risk.level, 'critical')).toBe(0);
  });

  it('reproduces the worked example of docs/risk-model.md', () => {
    const grants = grantsFromUsers(12, { scopes: ['read'], expiresAt: null, lastUsedAt: daysAgo(214) });
    for (const g of grants.slice(0, 2)) g.userRole = 'admin';
    expect(assessApp(input({}, grants), { now: NOW })).toMatchObject({ score: 75, level: 'high' });
    const recent = grants.map((g) => ({ ...g, lastUsedAt: daysAgo(7) }));
    expect(assessApp(input({}, recent), { now: NOW })).toMatchObject({ score: 70, level: 'high' });
  });

  it('maps scores to levels at the documented band edges', () => {
    const edges: Array<[number, string]> = [
      [0, 'low'],
      [24, 'low'],
      [25, 'medium'],
      [49, 'medium'],
      [50, 'high'],
      [74, 'high'],
      [79, 'high'],
      [80, 'critical'],
      [100, 'critical'],
    ];
    for (const [score, level] of edges) expect([score, levelForScore(score)]).toEqual([score, level]);
  });

  it('places every base inside its own band, lets context lift low and medium by one level, and never lifts high to critical', () => {
    for (const [level, base] of Object.entries(BASE_POINTS)) {
      expect(levelForScore(base)).toBe(level);
      expect(levelForScore(base + CONTEXT_POINTS_CAP - 1)).toBe(level);
    }
    expect(levelForScore(BASE_POINTS.low + CONTEXT_POINTS_CAP)).toBe('medium');
    expect(levelForScore(BASE_POINTS.medium + CONTEXT_POINTS_CAP)).toBe('high');
    expect(levelForScore(BASE_POINTS.high + CONTEXT_POINTS_CAP)).toBe('high');
  });

  it('finds the highest of several levels, and none of none', () => {
    expect(maxRiskLevel(['medium', 'critical', 'low'])).toBe('critical');
    expect(maxRiskLevel([])).toBeNull();
  });
});

describe('determinism', () => {
  const grants = [
    grant({ saasId: 'a', userId: 'u1', scopes: ['read', 'hooks:write', 'voice:write'], userRole: 'admin' }),
    grant({ saasId: 'b', userId: 'u2', scopes: ['people:read'], expiresAt: null, lastUsedAt: daysAgo(200) }),
    grant({ saasId: 'c', userId: null, scopes: ['docs:read', 'zz:unknown'], lastUsedAt: null }),
  ];

  it('gives the same answer for the same input', () => {
    const app = input({ kind: 'custom_oauth_app', scopes: ['tickets:read'] }, grants);
    expect(assessApp(app, { now: NOW })).toEqual(assessApp(app, { now: NOW }));
  });

  it('ignores the order of grants and scopes and the case of scope strings', () => {
    const shuffled = [...grants].reverse().map((g) => ({ ...g, scopes: [...g.scopes].reverse() }));
    const shouted = grants.map((g) => ({ ...g, scopes: g.scopes.map((s) => s.toUpperCase()) }));
    const base = assessApp(input({}, grants), { now: NOW });
    expect(assessApp(input({}, shuffled), { now: NOW })).toEqual(base);
    expect(assessApp(input({}, shouted), { now: NOW })).toEqual(base);
  });

  it('does not modify its input', () => {
    const frozen = grants.map((g) =>
      Object.freeze({ ...g, scopes: Object.freeze([...g.scopes]) as string[] }),
    );
    expect(() => assessApp(input({}, frozen), { now: NOW })).not.toThrow();
  });

  it('stamps the model version and returns a valid AppRisk', () => {
    const risk = assessApp(input({}, grants), { now: NOW });
    expect(risk.modelVersion).toBe(RISK_MODEL_VERSION);
    expect(AppRisk.parse(risk)).toEqual(risk);
  });
});

describe('docs/risk-model.md', () => {
  const doc = readFileSync(new URL('../../docs/risk-model.md', import.meta.url), 'utf8');
  // The formatter pads table cells, so rows are compared cell by cell.
  const rows = doc
    .split('\n')
    .filter((line) => line.startsWith('|'))
    .map((line) => line.split('|').map((cell) => cell.trim()));

  it('states the current model version', () => {
    expect(doc).toContain(`**\`${RISK_MODEL_VERSION}\`**`);
  });

  it('lists every contextual reason with its points', () => {
    for (const [code, points] of Object.entries(REASON_POINTS)) {
      expect(rows).toContainEqual(expect.arrayContaining([`\`${code}\``, String(points)]));
    }
  });

  it('states the base points, the cap and the band edges', () => {
    for (const [level, points] of Object.entries(BASE_POINTS))
      expect(doc).toContain(`${level} **${points}**`);
    expect(doc).toContain(`min(${CONTEXT_POINTS_CAP}, context points)`);
    for (const [level, min] of Object.entries(LEVEL_MIN_SCORE))
      expect(doc).toMatch(new RegExp(`\\*\\*${min}–\\d+ ${level}\\*\\*`));
  });
});
