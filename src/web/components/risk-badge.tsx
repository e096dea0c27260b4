// A risk level as a coloured badge, with the 0–100 score beside it when known. Plain elements (styles.css): it
// appears on every row of the longest lists.
import type { RiskLevel } from '../api/types.ts';
import { RISK_COLOR, RISK_LABEL } from '../labels.ts';

export function RiskBadge({
  level,
  score,
  size = 'sm',
}: {
  level: RiskLevel;
  score?: number;
  size?: 'xs' | 'sm' | 'lg';
}) {
  return (
    <span className="gs-risk">
      <span className="gs-badge" data-color={RISK_COLOR[level]} data-size={size}>
        {RISK_LABEL[level]}
      </span>
      {score !== undefined && (
        <span className="gs-sub" style={{ fontSize: 'var(--mantine-font-size-sm)' }}>
          <span className="gs-sr">score </span>
          {score}
          <span className="gs-sr"> of 100</span>
        </span>
      )}
    </span>
  );
}
