// A table header that sorts by its column when clicked (or Enter/Space), announcing the order to screen readers.
import { IconArrowDown, IconArrowsSort, IconArrowUp } from '@tabler/icons-react';
import type { ReactNode } from 'react';

export function SortHeader({
  children,
  active,
  order,
  onSort,
  numeric,
}: {
  children: ReactNode;
  active: boolean;
  order: 'asc' | 'desc';
  onSort: () => void;
  numeric?: boolean;
}) {
  const Icon = !active ? IconArrowsSort : order === 'asc' ? IconArrowUp : IconArrowDown;
  return (
    <th
      aria-sort={active ? (order === 'asc' ? 'ascending' : 'descending') : 'none'}
      className={numeric ? 'gs-num' : undefined}
    >
      <button type="button" onClick={onSort} className="gs-sort-button gs-focus-ring">
        {children}
        <Icon size={14} stroke={1.8} style={{ opacity: active ? 1 : 0.45 }} aria-hidden="true" />
      </button>
    </th>
  );
}
