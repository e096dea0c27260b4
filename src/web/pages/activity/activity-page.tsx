// Activity: the sync runs of each integration (outcome, duration, API calls, rate-limit waits) and the changes
// they found.
import { Button, Card, Group, Select, Stack, Text, Title } from '@mantine/core';
import { IconActivity } from '@tabler/icons-react';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { Empty } from '../../components/empty.tsx';
import { PageHeader } from '../../components/page-header.tsx';
import { ErrorAlert, LoadingRows } from '../../components/query-state.tsx';
import { useIntegrations, useRuns } from '../integrations/queries.ts';
import { RunTable } from '../integrations/run-table.tsx';
import { EventsList } from './events-list.tsx';

function Runs({ integrationId }: { integrationId: string }) {
  const runs = useRuns(integrationId, { limit: 25 });
  if (runs.isPending) return <LoadingRows rows={4} />;
  if (runs.isError) return <ErrorAlert error={runs.error} onRetry={() => runs.refetch()} />;
  return <RunTable runs={runs.data.items} />;
}

export function ActivityPage() {
  const integrations = useIntegrations();
  const [chosen, setChosen] = useState<string | null>(null);
  const items = integrations.data?.items ?? [];
  const current = chosen ?? items[0]?.id ?? null;
  const header = <PageHeader title="Activity" description="Sync runs and the changes they found." />;
  if (integrations.isPending)
    return (
      <>
        {header}
        <LoadingRows />
      </>
    );
  if (integrations.isError)
    return (
      <>
        {header}
        <ErrorAlert error={integrations.error} onRetry={() => integrations.refetch()} />
      </>
    );
  if (items.length === 0)
    return (
      <>
        {header}
        <Empty
          icon={<IconActivity />}
          title="No activity yet"
          description="Connect a tenant in Integrations; each sync is listed here."
          action={
            <Button component={Link} to="/integrations">
              Go to Integrations
            </Button>
          }
        />
      </>
    );
  return (
    <>
      {header}
      <Stack gap="lg">
        <Card withBorder radius="md" padding="lg">
          <Group justify="space-between" mb="sm" align="flex-end">
            <div>
              <Title order={2} fz="md">
                Sync runs
              </Title>
              <Text fz="xs" c="dimmed">
                Newest first; rate-limit waits are time spent honouring the SaaS’s limits.
              </Text>
            </div>
            {items.length > 1 && (
              <Select
                aria-label="Integration"
                data={items.map((i) => ({ value: i.id, label: i.name }))}
                value={current}
                onChange={setChosen}
                allowDeselect={false}
                size="xs"
                w={{ base: '100%', sm: 280 }}
              />
            )}
          </Group>
          {current && <Runs integrationId={current} />}
        </Card>
        <EventsList integrationId={items.length > 1 ? current : null} />
      </Stack>
    </>
  );
}
