// The Plugins page's filter bar: debounced text search, kind, risk, category, stale, minimum users, integration.
import { Button, Collapse, Group, MultiSelect, NumberInput, Select, Stack, TextInput } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { IconFilter, IconSearch, IconX } from '@tabler/icons-react';
import { useEffect, useState } from 'react';
import type { Integration } from '../../api/types.ts';
import { CATEGORIES, KIND_LABEL, KINDS, RISK_LABEL, RISK_LEVELS } from '../../labels.ts';
import { useNarrow } from '../../use-narrow.ts';
import type { Sort, usePluginFilters } from './use-plugin-filters.ts';

const SORT_OPTIONS = [
  { value: 'risk', label: 'Riskiest first' },
  { value: 'name', label: 'Name' },
  { value: 'users', label: 'Most users' },
  { value: 'lastUsed', label: 'Recently used' },
  { value: 'firstSeen', label: 'Newest' },
];

type Controls = ReturnType<typeof usePluginFilters>;

function Search({ value, onChange }: { value: string; onChange: (q: string) => void }) {
  const [text, setText] = useState(value);
  const [debounced] = useDebouncedValue(text, 300);
  // biome-ignore lint/correctness/useExhaustiveDependencies: only the debounced text drives the URL
  useEffect(() => {
    if (debounced !== value) onChange(debounced);
  }, [debounced]);
  // Back/forward or "Clear filters" change the URL under us.
  useEffect(() => setText(value), [value]);
  return (
    <TextInput
      aria-label="Search plugins"
      placeholder="Search name, publisher or key"
      leftSection={<IconSearch size={16} />}
      value={text}
      onChange={(e) => setText(e.currentTarget.value)}
      w={{ base: '100%', sm: 260 }}
    />
  );
}

export function PluginFilters({
  controls,
  integrations,
}: {
  controls: Controls;
  integrations: Integration[];
}) {
  const { filters: f, setFilter } = controls;
  const narrow = useNarrow();
  const [shown, setShown] = useState(false);
  const count = [f.kind.length > 0, f.risk.length > 0, f.category, f.stale, f.minUsers !== null].filter(
    Boolean,
  ).length;
  const clear = controls.active && (
    <Button variant="subtle" color="gray" leftSection={<IconX size={14} />} onClick={controls.clear}>
      Clear filters
    </Button>
  );
  return (
    <Stack gap="sm" mb="md">
      <Group gap="sm">
        <Search value={f.q} onChange={(q) => setFilter('q', q || null, true)} />
        {integrations.length > 1 && (
          <Select
            aria-label="Integration"
            placeholder="All integrations"
            data={integrations.map((i) => ({ value: i.id, label: i.name }))}
            value={f.integrationId}
            onChange={(v) => setFilter('integrationId', v)}
            w={{ base: '100%', xs: 220 }}
            clearable
          />
        )}
        {clear}
      </Group>
      {narrow && (
        <Group gap="sm" wrap="nowrap">
          <Button
            variant="default"
            leftSection={<IconFilter size={16} />}
            onClick={() => setShown((x) => !x)}
            aria-expanded={shown}
          >
            Filters{count ? ` (${count})` : ''}
          </Button>
          <Select
            aria-label="Sort by"
            data={SORT_OPTIONS}
            value={f.sort}
            onChange={(v) => v && v !== f.sort && controls.setSort(v as Sort)}
            allowDeselect={false}
            style={{ flex: 1 }}
          />
        </Group>
      )}
      <Collapse expanded={!narrow || shown}>
        <Group gap="sm" align="flex-end">
          <MultiSelect
            label="Kind"
            placeholder={f.kind.length ? undefined : 'Any'}
            data={KINDS.map((k) => ({ value: k, label: KIND_LABEL[k] }))}
            value={f.kind}
            onChange={(v) => setFilter('kind', v.join(',') || null)}
            w={{ base: '100%', xs: 200 }}
            clearable
          />
          <MultiSelect
            label="Risk"
            placeholder={f.risk.length ? undefined : 'Any'}
            data={RISK_LEVELS.map((r) => ({ value: r, label: RISK_LABEL[r] }))}
            value={f.risk}
            onChange={(v) => setFilter('risk', v.join(',') || null)}
            w={{ base: '100%', xs: 200 }}
            clearable
          />
          <Select
            label="Category"
            placeholder="Any"
            data={[...CATEGORIES]}
            value={f.category}
            onChange={(v) => setFilter('category', v)}
            w={{ base: '100%', xs: 240 }}
            clearable
          />
          <Select
            label="Usage"
            placeholder="Any"
            data={[
              { value: 'true', label: 'Stale or never used' },
              { value: 'false', label: 'Recently used' },
            ]}
            value={f.stale}
            onChange={(v) => setFilter('stale', v)}
            w={{ base: '100%', xs: 180 }}
            clearable
          />
          <NumberInput
            label="Min. users"
            placeholder="Any"
            min={0}
            allowDecimal={false}
            allowNegative={false}
            value={f.minUsers ?? ''}
            onChange={(v) => setFilter('minUsers', v === '' ? null : String(v), true)}
            w={{ base: '100%', xs: 110 }}
          />
        </Group>
      </Collapse>
    </Stack>
  );
}
