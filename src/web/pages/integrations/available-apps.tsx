// The "SaaS Applications" tab: the connectors this server offers, their capabilities and ways to connect.
import { Badge, Card, Group, SimpleGrid, Stack, Text } from '@mantine/core';
import { ErrorAlert, LoadingRows } from '../../components/query-state.tsx';
import { SaasLogo } from '../../components/saas-logo.tsx';
import { useSaasApplications } from './queries.ts';

export function AvailableApps() {
  const apps = useSaasApplications();
  if (apps.isPending) return <LoadingRows rows={2} />;
  if (apps.isError) return <ErrorAlert error={apps.error} onRetry={() => apps.refetch()} />;
  return (
    <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }}>
      {apps.data.items.map((a) => (
        <Card key={a.id} withBorder radius="md" padding="lg">
          <Stack gap="sm">
            <Group gap="sm">
              <SaasLogo saas={a.id} size={36} />
              <div>
                <Text fw={600}>{a.name}</Text>
                <Text fz="xs" c="dimmed">
                  {a.connectedTenants.length} tenant{a.connectedTenants.length === 1 ? '' : 's'} connected
                </Text>
              </div>
            </Group>
            <Group gap={4}>
              {a.capabilities.map((c) => (
                <Badge key={c.id} variant="outline" color="gray" size="sm">
                  {c.name}
                </Badge>
              ))}
            </Group>
            <Text fz="sm" c="dimmed">
              Connect with{' '}
              {a.credentialKinds.map((k) => k.label.replace(/\s*\(recommended\)/i, '')).join(', or ')}.
            </Text>
          </Stack>
        </Card>
      ))}
    </SimpleGrid>
  );
}
