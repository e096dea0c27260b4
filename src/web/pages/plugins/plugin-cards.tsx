// The Plugins list at phone width: one card per plugin (name, kind, risk, users, last used), each a link.
import { Paper } from '@mantine/core';
import { memo } from 'react';
import { Link } from 'react-router-dom';
import type { AppItem } from '../../api/types.ts';
import { KindIcon } from '../../components/kind-icon.tsx';
import { RiskBadge } from '../../components/risk-badge.tsx';
import { TimeText } from '../../components/time-text.tsx';
import { plural } from '../../format.ts';
import { KIND_LABEL } from '../../labels.ts';

const Card = memo(function Card({ a }: { a: AppItem }) {
  return (
    <li>
      <Link to={`/plugins/${a.id}`} className="gs-card">
        <div className="gs-card-head">
          <div className="gs-cell-main">
            <KindIcon kind={a.kind} tooltip={false} />
            <div className="gs-cell-text">
              <div className="gs-clamp" style={{ fontWeight: 500 }}>
                {a.name}
              </div>
              {a.publisher && <div className="gs-sub gs-clamp">{a.publisher}</div>}
            </div>
          </div>
          <RiskBadge level={a.risk.level} score={a.risk.score} />
        </div>
        <div className="gs-card-meta">
          <span>{KIND_LABEL[a.kind]}</span>
          <span>{plural(a.userCount, 'user')}</span>
          <span>
            last used <TimeText iso={a.lastUsedAt} fallback="never" fz="xs" />
          </span>
        </div>
      </Link>
    </li>
  );
});

export function PluginCards({ items, dimmed }: { items: AppItem[]; dimmed: boolean }) {
  return (
    <Paper withBorder radius="md" style={{ opacity: dimmed ? 0.6 : 1 }}>
      <ul className="gs-cards" aria-label="Plugins">
        {items.map((a) => (
          <Card key={a.id} a={a} />
        ))}
      </ul>
    </Paper>
  );
}
