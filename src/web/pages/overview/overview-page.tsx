// Overview: the inventory at a glance — counts by risk, kind and category, new apps this week, stale grants, and
// the state of each integration.
import { Anchor, Button, Card, Grid, Group, Stack, Text, Title } from '@mantine/core';
import { IconPlug } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router-dom';
import { api } from '../../api/client.ts';
import type { Summary } from '../../api/types.ts';
import { Empty } from '../../components/empty.tsx';
import { KindIcon } from '../../components/kind-icon.tsx';
import { PageHeader } from '../../components/page-header.tsx';
import { ErrorAlert, LoadingRows } from '../../components/query-state.tsx';
import { RiskBadge } from '../../components/risk-badge.tsx';
import { SaasLogo } from '../../components/saas-logo.tsx';
import { StatusBadge } from '../../components/status-badge.tsx';
import { TimeText } from '../../components/time-text.tsx';
import { CategoryBars, KindBars, RiskDonut } from './charts.tsx';
import { StatCards } from './stat-cards.tsx';

function NewApps({ s }: { s: Summary }) {
  return (
    <Card withBorder radius="md" padding="lg">
      <Group justify="space-between" mb="sm">
        <Title order={2} fz="md">
          New this week
        </Title>
        {s.newAppsLast7Days.count > 6 && (
          <Anchor component={Link} to="/plugins?sort=firstSeen" fz="xs">
            See all {s.newAppsLast7Days.count}
          </Anchor>
        )}
      </Group>
      {s.newAppsLast7Days.items.length === 0 ? (
        <Text fz="sm" c="dimmed">
          No app appeared in the last 7 days.
        </Text>
      ) : (
        <Stack gap={8}>
          {s.newAppsLast7Days.items.slice(0, 6).map((a) => (
            <Group key={a.id} justify="space-between" wrap="nowrap" gap="sm">
              <Group gap="sm" wrap="nowrap" style={{ minWidth: 0 }}>
                <KindIcon kind={a.kind} size={24} />
                <Anchor component={Link} to={`/plugins/${a.id}`} fz="sm" lineClamp={1}>
                  {a.name}
                </Anchor>
              </Group>
              <RiskBadge level={a.risk.level} />
            </Group>
          ))}
        </Stack>
      )}
    </Card>
  );
}

function IntegrationHealth({ s }: { s: Summary }) {
  return (
    <Card withBorder radius="md" padding="lg">
      <Title order={2} fz="md" mb="sm">
        Integrations
      </Title>
      <Stack gap={10}>
        {s.integrations.lastSync.map((i) => (
          <Group key={i.integrationId} justify="space-between" wrap="nowrap" gap="sm">
            <Group gap="sm" wrap="nowrap" style={{ minWidth: 0 }}>
              <SaasLogo saas={i.saas} size={22} />
              <div style={{ minWidth: 0 }}>
                <Anchor component={Link} to="/integrations" fz="sm" lineClamp={1}>
                  {i.name}
                </Anchor>
                <Text fz="xs" c="dimmed">
                  synced <TimeText iso={i.lastSyncAt} fallback="never" fz="xs" />
                </Text>
              </div>
            </Group>
            <StatusBadge integration={{ status: i.status, statusReason: null }} />
          </Group>
        ))}
      </Stack>
    </Card>
  );
}

export function OverviewPage() {
  const summary = useQuery({ queryKey: ['summary'], queryFn: () => api.get<Summary>('/summary') });
  const header = (
    <PageHeader
      title="Overview"
      description="Every third-party app with access to your SaaS tenants, at a glance."
    />
  );
  if (summary.isPending)
    return (
      <>
        {header}
        <LoadingRows rows={8} />
      </>
    );
  if (summary.isError)
    return (
      <>
        {header}
        <ErrorAlert error={summary.error} onRetry={() => summary.refetch()} />
      </>
    );
  const s = summary.data;
  if (s.integrations.lastSync.length === 0)
    return (
      <>
        {header}
        <Empty
          icon={<IconPlug />}
          title="Nothing to show yet"
          description="Connect a Zendesk tenant: Grantscope lists its apps, who authorized them and how risky each is."
          action={
            <Button component={Link} to="/integrations">
              Connect Zendesk
            </Button>
          }
        />
      </>
    );
  return (
    <>
      {header}
      <StatCards s={s} />
      <Grid gap="lg">
        <Grid.Col span={{ base: 12, md: 5 }}>
          <RiskDonut s={s} />
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 7 }}>
          <KindBars s={s} />
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 7 }}>
          <CategoryBars s={s} />
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 5 }}>
          <Stack gap="lg">
            <NewApps s={s} />
            <IntegrationHealth s={s} />
          </Stack>
        </Grid.Col>
      </Grid>
    </>
  );
}
