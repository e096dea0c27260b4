// The Integrated Apps at phone width: one card per integration with its status, syncs, actions and details.
import { Button, Group, Paper, Stack, Text } from '@mantine/core';
import { IconChevronDown, IconChevronRight } from '@tabler/icons-react';
import type { Integration } from '../../api/types.ts';
import { SaasLogo } from '../../components/saas-logo.tsx';
import { TimeText } from '../../components/time-text.tsx';
import { IntegrationActions } from './integration-actions.tsx';
import { Capabilities, LiveStatus, TenantCell, useLiveStatus } from './integration-cells.tsx';
import { IntegrationDetail } from './integration-detail.tsx';

function Card({
  integration,
  isAdmin,
  open,
  onToggle,
  onEdit,
}: {
  integration: Integration;
  isAdmin: boolean;
  open: boolean;
  onToggle: () => void;
  onEdit: (i: Integration) => void;
}) {
  const { syncing } = useLiveStatus(integration);
  return (
    <Paper withBorder radius="md" p="sm" data-testid={`integration-row-${integration.id}`}>
      <Stack gap="xs">
        <Group justify="space-between" wrap="nowrap" align="flex-start">
          <Group gap="sm" wrap="nowrap" align="flex-start" style={{ minWidth: 0 }}>
            <SaasLogo saas={integration.saas} size={28} />
            <div style={{ minWidth: 0 }}>
              <TenantCell integration={integration} />
            </div>
          </Group>
          <LiveStatus integration={integration} />
        </Group>
        <Capabilities integration={integration} />
        <Text fz="xs" c="dimmed">
          Last sync <TimeText iso={integration.lastSyncAt} fallback="not yet" fz="xs" /> · next{' '}
          <TimeText
            iso={integration.enabled ? integration.nextSyncAt : null}
            fallback={integration.enabled ? '—' : 'disabled'}
            fz="xs"
          />
        </Text>
        <Group justify="space-between" wrap="nowrap">
          <Button
            variant="subtle"
            size="xs"
            px={4}
            aria-expanded={open}
            onClick={onToggle}
            leftSection={open ? <IconChevronDown size={14} /> : <IconChevronRight size={14} />}
          >
            Details
          </Button>
          {isAdmin && (
            <IntegrationActions integration={integration} busy={syncing} onEdit={() => onEdit(integration)} />
          )}
        </Group>
        {open && <IntegrationDetail integration={integration} />}
      </Stack>
    </Paper>
  );
}

export function IntegrationCards({
  items,
  isAdmin,
  open,
  onToggle,
  onEdit,
}: {
  items: Integration[];
  isAdmin: boolean;
  open: string | null;
  onToggle: (id: string) => void;
  onEdit: (i: Integration) => void;
}) {
  return (
    <Stack gap="sm">
      {items.map((i) => (
        <Card
          key={i.id}
          integration={i}
          isAdmin={isAdmin}
          open={open === i.id}
          onToggle={() => onToggle(i.id)}
          onEdit={onEdit}
        />
      ))}
    </Stack>
  );
}
