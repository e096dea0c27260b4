// One plugin (/plugins/:id): its risk and reasons, permissions by category, the users who authorized it, its
// changes over time, and the ids to follow up in the SaaS.
import { Anchor, Breadcrumbs, Grid, Group, Stack, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { Link, useParams } from 'react-router-dom';
import { api } from '../../api/client.ts';
import type { AppDetail } from '../../api/types.ts';
import { KindIcon } from '../../components/kind-icon.tsx';
import { PageHeader } from '../../components/page-header.tsx';
import { ErrorAlert, LoadingRows } from '../../components/query-state.tsx';
import { RiskBadge } from '../../components/risk-badge.tsx';
import { KIND_LABEL } from '../../labels.ts';
import { AppUsersTable } from './app-users-table.tsx';
import { EventsPanel } from './events-panel.tsx';
import { FactsPanel } from './facts-panel.tsx';
import { PermissionsPanel } from './permissions-panel.tsx';
import { RiskPanel } from './risk-panel.tsx';

export function PluginDetailPage() {
  const { id = '' } = useParams();
  const app = useQuery({
    queryKey: ['app', id],
    queryFn: () => api.get<AppDetail>(`/apps/${encodeURIComponent(id)}`),
  });
  const crumbs = (
    <Breadcrumbs separator="›" fz="sm">
      <Anchor component={Link} to="/plugins" fz="sm">
        Plugins
      </Anchor>
      <Text fz="sm" c="dimmed" lineClamp={1}>
        {app.data?.name ?? '…'}
      </Text>
    </Breadcrumbs>
  );
  if (app.isPending) return <LoadingRows rows={8} />;
  if (app.isError)
    return (
      <>
        <PageHeader breadcrumbs={crumbs} title="Plugin" />
        <ErrorAlert error={app.error} onRetry={() => app.refetch()} title="This plugin could not be loaded" />
      </>
    );
  const a = app.data;
  return (
    <>
      <PageHeader
        breadcrumbs={crumbs}
        title={
          <Group gap="sm" wrap="nowrap">
            <KindIcon kind={a.kind} size={36} />
            <span>{a.name}</span>
          </Group>
        }
        description={`${KIND_LABEL[a.kind]}${a.publisher ? ` · ${a.publisher}` : ''} · ${a.integration.name}`}
        actions={<RiskBadge level={a.risk.level} score={a.risk.score} size="lg" />}
      />
      <Stack gap="lg">
        <Grid gap="lg">
          <Grid.Col span={{ base: 12, md: 5 }}>
            <RiskPanel risk={a.risk} />
          </Grid.Col>
          <Grid.Col span={{ base: 12, md: 7 }}>
            <PermissionsPanel groups={a.scopes} kind={a.kind} />
          </Grid.Col>
        </Grid>
        <AppUsersTable key={a.id} appId={a.id} userCount={a.userCount} staleUserCount={a.staleUserCount} />
        <Grid gap="lg">
          <Grid.Col span={{ base: 12, md: 7 }}>
            <FactsPanel app={a} />
          </Grid.Col>
          <Grid.Col span={{ base: 12, md: 5 }}>
            <EventsPanel events={a.events} />
          </Grid.Col>
        </Grid>
      </Stack>
    </>
  );
}
