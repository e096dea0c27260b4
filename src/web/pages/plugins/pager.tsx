// Keyset paging for a list: Previous / Next through the server's cursors, the rows shown, the page size.
import { Button, Group, Select, Text } from '@mantine/core';
import { IconChevronLeft, IconChevronRight } from '@tabler/icons-react';
import { formatNumber } from '../../format.ts';
import { PAGE_SIZES } from './use-plugin-filters.ts';

export function Pager({
  page,
  limit,
  count,
  total,
  hasNext,
  onPrev,
  onNext,
  onLimit,
}: {
  page: number;
  limit: number;
  count: number;
  /** Rows in all pages, when the list says. */
  total?: number;
  hasNext: boolean;
  onPrev: () => void;
  onNext: () => void;
  onLimit: (n: string) => void;
}) {
  const from = (page - 1) * limit + 1;
  return (
    <Group justify="space-between" mt="sm" gap="sm">
      <Text fz="sm" c="dimmed" aria-live="polite">
        {count === 0 ? 'No rows' : `Rows ${formatNumber(from)}–${formatNumber(from + count - 1)}`}
        {total === undefined ? '' : ` of ${formatNumber(total)}`} · page {page}
      </Text>
      <Group gap="xs">
        <Select
          aria-label="Rows per page"
          data={PAGE_SIZES.map((s) => ({ value: s, label: `${s} per page` }))}
          value={String(limit)}
          onChange={(v) => v && onLimit(v)}
          w={130}
          size="xs"
          allowDeselect={false}
        />
        <Button
          size="xs"
          variant="default"
          leftSection={<IconChevronLeft size={14} />}
          disabled={page <= 1}
          onClick={onPrev}
        >
          Previous
        </Button>
        <Button
          size="xs"
          variant="default"
          rightSection={<IconChevronRight size={14} />}
          disabled={!hasNext}
          onClick={onNext}
        >
          Next
        </Button>
      </Group>
    </Group>
  );
}
