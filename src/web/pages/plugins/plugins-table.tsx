// One page of plugins: name with its kind icon, kind, risk, categories, users, last used, first seen, integration;
// headers sort, a row opens the plugin. Rows are plain elements (styles.css) so a sort or filter re-renders fast.
import { Paper, Table } from '@mantine/core';
import { memo } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import type { AppItem } from '../../api/types.ts';
import { CategoryBadges } from '../../components/category-badges.tsx';
import { KindIcon } from '../../components/kind-icon.tsx';
import { RiskBadge } from '../../components/risk-badge.tsx';
import { SortHeader } from '../../components/sort-header.tsx';
import { TimeText } from '../../components/time-text.tsx';
import { formatNumber } from '../../format.ts';
import { KIND_LABEL } from '../../labels.ts';
import type { Order, Sort } from './use-plugin-filters.ts';

const Row = memo(function Row({
  a,
  integration,
  onOpen,
}: {
  a: AppItem;
  integration: string;
  onOpen: (id: string) => void;
}) {
  return (
    <tr className="gs-row-clickable" onClick={() => onOpen(a.id)}>
      <td style={{ maxWidth: 300, minWidth: 220 }}>
        <div className="gs-cell-main">
          <KindIcon kind={a.kind} tooltip={false} />
          <div className="gs-cell-text">
            <Link to={`/plugins/${a.id}`} className="gs-link gs-clamp" onClick={(e) => e.stopPropagation()}>
              {a.name}
            </Link>
            {a.publisher && <div className="gs-sub gs-clamp">{a.publisher}</div>}
          </div>
        </div>
      </td>
      <td className="gs-nowrap">{KIND_LABEL[a.kind]}</td>
      <td>
        <RiskBadge level={a.risk.level} score={a.risk.score} />
      </td>
      <td>
        <CategoryBadges categories={a.categories} />
      </td>
      <td className="gs-num">{formatNumber(a.userCount)}</td>
      <td>
        <TimeText iso={a.lastUsedAt} fallback="never" />
      </td>
      <td>
        <TimeText iso={a.firstSeenAt} />
      </td>
      <td style={{ maxWidth: 160, overflowWrap: 'anywhere' }}>
        <span className="gs-clamp gs-clamp-2">{integration}</span>
      </td>
    </tr>
  );
});

export function PluginsTable({
  items,
  sort,
  order,
  onSort,
  integrationName,
  dimmed,
}: {
  items: AppItem[];
  sort: Sort;
  order: Order;
  onSort: (s: Sort) => void;
  integrationName: (id: string) => string;
  dimmed: boolean;
}) {
  const navigate = useNavigate();
  const header = (s: Sort, label: string, numeric?: boolean) => (
    <SortHeader active={sort === s} order={order} onSort={() => onSort(s)} numeric={numeric}>
      {label}
    </SortHeader>
  );
  return (
    <Paper withBorder radius="md" style={{ opacity: dimmed ? 0.6 : 1, transition: 'opacity 120ms' }}>
      <Table.ScrollContainer minWidth={1000}>
        <table className="gs-table" aria-label="Plugins" aria-busy={dimmed}>
          <thead>
            <tr>
              {header('name', 'Name')}
              <th>Kind</th>
              {header('risk', 'Risk')}
              <th>Categories</th>
              {header('users', 'Users', true)}
              {header('lastUsed', 'Last used')}
              {header('firstSeen', 'First seen')}
              <th>Integration</th>
            </tr>
          </thead>
          <tbody>
            {items.map((a) => (
              <Row
                key={a.id}
                a={a}
                integration={integrationName(a.integrationId)}
                onOpen={(id) => navigate(`/plugins/${id}`)}
              />
            ))}
          </tbody>
        </table>
      </Table.ScrollContainer>
    </Paper>
  );
}
