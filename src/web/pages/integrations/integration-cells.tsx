// Pieces of an integration shared by the table and the phone-width cards: tenant, capabilities, live status.
import { Badge, Group, Stack, Text, Tooltip } from '@mantine/core';
import type { Integration } from '../../api/types.ts';
import { StatusBadge } from '../../components/status-badge.tsx';
import { CAPABILITY_LABEL } from '../../labels.ts';
import { useSyncWatch } from '../../layout/sync-watch.tsx';

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}

/** Syncing while the server says so or while a sync the admin started has not finished. */
export function useLiveStatus(integration: Integration) {
  const pending = useSyncWatch().pending(integration.id);
  const syncing = integration.status === 'syncing' || pending !== null;
  const shown =
    syncing && integration.status !== 'disabled'
      ? { ...integration, status: 'syncing' as const }
      : integration;
  return { syncing, shown };
}

export function TenantCell({ integration }: { integration: Integration }) {
  const host = hostOf(integration.tenantUrl);
  return (
    <>
      <Text fz="sm" fw={500} lineClamp={2}>
        {integration.name}
      </Text>
      {!integration.name.includes(host) && (
        <Text fz="xs" c="dimmed">
          {host}
        </Text>
      )}
      {integration.credential?.kind === 'api_token' && (
        <Tooltip label="Zendesk retires API tokens on 2027-04-30: edit the integration to switch to an OAuth client.">
          <Badge size="xs" color="yellow" variant="light" tt="none" mt={2} miw="max-content" tabIndex={0}>
            API token · retires 2027-04-30
          </Badge>
        </Tooltip>
      )}
    </>
  );
}

export function Capabilities({ integration }: { integration: Integration }) {
  return (
    <Group gap={4}>
      {integration.capabilities.map((c) => (
        <Badge key={c} variant="outline" color="gray" size="sm" miw="max-content">
          {CAPABILITY_LABEL[c] ?? c}
        </Badge>
      ))}
    </Group>
  );
}

export function LiveStatus({ integration }: { integration: Integration }) {
  const { syncing, shown } = useLiveStatus(integration);
  return (
    <Stack gap={2}>
      <StatusBadge integration={shown} />
      {syncing && (
        <Text fz="xs" c="dimmed">
          Syncing… usually seconds
        </Text>
      )}
    </Stack>
  );
}
