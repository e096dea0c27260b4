// Plugins: every third-party app with access to the connected tenants, filtered, searched, sorted and paged on the
// server (only one page is in the DOM, whatever the inventory's size), with exports of the same selection.
import { Button } from '@mantine/core';
import { IconApps, IconFilterOff, IconPlug } from '@tabler/icons-react';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Link } from 'react-router-dom';
import { api } from '../../api/client.ts';
import type { AppItem, Page } from '../../api/types.ts';
import { Empty } from '../../components/empty.tsx';
import { PageHeader } from '../../components/page-header.tsx';
import { ErrorAlert, LoadingRows } from '../../components/query-state.tsx';
import { useNarrow } from '../../use-narrow.ts';
import { useIntegrations } from '../integrations/queries.ts';
import { ExportMenu } from './export-menu.tsx';
import { Pager } from './pager.tsx';
import { PluginCards } from './plugin-cards.tsx';
import { PluginFilters } from './plugin-filters.tsx';
import { PluginsTable } from './plugins-table.tsx';
import { apiQuery, usePluginFilters } from './use-plugin-filters.ts';

export function PluginsPage() {
  const controls = usePluginFilters();
  const narrow = useNarrow();
  const { filters } = controls;
  const integrations = useIntegrations();
  const syncing = integrations.data?.items.some((i) => i.status === 'syncing') ?? false;
  const apps = useQuery({
    queryKey: ['apps', apiQuery(filters, true)],
    queryFn: () => api.get<Page<AppItem>>('/apps', apiQuery(filters, true)),
    placeholderData: keepPreviousData,
    // While a first sync fills the inventory, the list follows it.
    refetchInterval: syncing ? 2000 : false,
  });
  const names = new Map(integrations.data?.items.map((i) => [i.id, i.name]));
  const noIntegrations = integrations.data?.items.length === 0;

  let body: React.ReactNode;
  if (apps.isPending) body = <LoadingRows rows={10} />;
  else if (apps.isError) body = <ErrorAlert error={apps.error} onRetry={() => apps.refetch()} />;
  else if (apps.data.items.length === 0 && noIntegrations)
    body = (
      <Empty
        icon={<IconPlug />}
        title="No tenant connected yet"
        description="Connect Zendesk in Resources › Integrations: this page fills within seconds."
        action={
          <Button component={Link} to="/integrations">
            Go to Integrations
          </Button>
        }
      />
    );
  else if (apps.data.items.length === 0 && controls.active)
    body = (
      <Empty
        icon={<IconFilterOff />}
        title="No plugins match these filters"
        description="Loosen a filter or clear them all."
        action={
          <Button variant="light" onClick={controls.clear}>
            Clear filters
          </Button>
        }
      />
    );
  else if (apps.data.items.length === 0)
    body = (
      <Empty
        icon={<IconApps />}
        title={syncing ? 'Syncing… usually seconds' : 'No plugins found'}
        description={
          syncing
            ? 'The first sync is reading the tenant; plugins appear here as soon as it completes.'
            : 'The connected tenants have no third-party apps, tokens or webhooks.'
        }
      />
    );
  else
    body = (
      <>
        {narrow ? (
          <PluginCards items={apps.data.items} dimmed={apps.isPlaceholderData} />
        ) : (
          <PluginsTable
            items={apps.data.items}
            sort={filters.sort}
            order={filters.order}
            onSort={controls.setSort}
            integrationName={(id) => names.get(id) ?? '—'}
            dimmed={apps.isPlaceholderData}
          />
        )}
        <Pager
          page={filters.page}
          limit={filters.limit}
          count={apps.data.items.length}
          hasNext={Boolean(apps.data.nextCursor)}
          onPrev={controls.prev}
          onNext={() => apps.data.nextCursor && controls.next(apps.data.nextCursor)}
          onLimit={(n) => controls.setFilter('limit', n === '50' ? null : n)}
        />
      </>
    );

  return (
    <>
      <PageHeader
        title="Plugins"
        description="Third-party apps, tokens and webhooks with access to your tenants, riskiest first."
        actions={<ExportMenu filters={filters} />}
      />
      <PluginFilters controls={controls} integrations={integrations.data?.items ?? []} />
      {body}
    </>
  );
}
