// The "Integrated Apps" table: SaaS application, tenant, capabilities, status, last and next sync, actions; a row
// opens to show its detail.
import { ActionIcon, Paper, Table, VisuallyHidden } from '@mantine/core';
import { IconChevronDown, IconChevronRight } from '@tabler/icons-react';
import { Fragment, useState } from 'react';
import type { Integration } from '../../api/types.ts';
import { SaasName } from '../../components/saas-logo.tsx';
import { TimeText } from '../../components/time-text.tsx';
import { useNarrow } from '../../use-narrow.ts';
import { IntegrationActions } from './integration-actions.tsx';
import { IntegrationCards } from './integration-cards.tsx';
import { Capabilities, LiveStatus, TenantCell, useLiveStatus } from './integration-cells.tsx';
import { IntegrationDetail } from './integration-detail.tsx';

function Row({
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
  const columns = isAdmin ? 8 : 7;
  return (
    <Fragment>
      <Table.Tr
        className="gs-row-clickable"
        onClick={onToggle}
        data-testid={`integration-row-${integration.id}`}
      >
        <Table.Td w={40}>
          <ActionIcon
            variant="subtle"
            color="gray"
            aria-expanded={open}
            aria-label={`${open ? 'Hide' : 'Show'} details of ${integration.name}`}
            onClick={(e) => {
              e.stopPropagation();
              onToggle();
            }}
          >
            {open ? <IconChevronDown size={16} /> : <IconChevronRight size={16} />}
          </ActionIcon>
        </Table.Td>
        <Table.Td>
          <SaasName saas={integration.saas} />
        </Table.Td>
        <Table.Td>
          <TenantCell integration={integration} />
        </Table.Td>
        <Table.Td>
          <Capabilities integration={integration} />
        </Table.Td>
        <Table.Td>
          <LiveStatus integration={integration} />
        </Table.Td>
        <Table.Td>
          <TimeText iso={integration.lastSyncAt} fallback="not yet" />
        </Table.Td>
        <Table.Td>
          <TimeText
            iso={integration.enabled ? integration.nextSyncAt : null}
            fallback={integration.enabled ? '—' : 'disabled'}
          />
        </Table.Td>
        {isAdmin && (
          <Table.Td>
            <IntegrationActions integration={integration} busy={syncing} onEdit={() => onEdit(integration)} />
          </Table.Td>
        )}
      </Table.Tr>
      {open && (
        <Table.Tr>
          <Table.Td colSpan={columns} p={0}>
            <IntegrationDetail integration={integration} />
          </Table.Td>
        </Table.Tr>
      )}
    </Fragment>
  );
}

export function IntegrationsTable({
  items,
  isAdmin,
  highlight,
  onEdit,
}: {
  items: Integration[];
  isAdmin: boolean;
  highlight: string | null;
  onEdit: (i: Integration) => void;
}) {
  const [open, setOpen] = useState<string | null>(highlight);
  const narrow = useNarrow();
  const toggle = (id: string) => setOpen((o) => (o === id ? null : id));
  if (narrow)
    return <IntegrationCards items={items} isAdmin={isAdmin} open={open} onToggle={toggle} onEdit={onEdit} />;
  return (
    <Paper withBorder radius="md">
      <Table.ScrollContainer minWidth={960}>
        <Table verticalSpacing="sm" highlightOnHover aria-label="Integrated Apps">
          <Table.Thead>
            <Table.Tr>
              <Table.Th w={40}>
                <VisuallyHidden>Details</VisuallyHidden>
              </Table.Th>
              <Table.Th style={{ whiteSpace: 'nowrap' }}>SaaS application</Table.Th>
              <Table.Th style={{ whiteSpace: 'nowrap' }}>Tenant</Table.Th>
              <Table.Th style={{ whiteSpace: 'nowrap' }}>Capabilities</Table.Th>
              <Table.Th style={{ whiteSpace: 'nowrap' }}>Status</Table.Th>
              <Table.Th style={{ whiteSpace: 'nowrap' }}>Last sync</Table.Th>
              <Table.Th style={{ whiteSpace: 'nowrap' }}>Next sync</Table.Th>
              {isAdmin && (
                <Table.Th ta="right" style={{ whiteSpace: 'nowrap' }}>
                  Actions
                </Table.Th>
              )}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {items.map((i) => (
              <Row
                key={i.id}
                integration={i}
                isAdmin={isAdmin}
                open={open === i.id}
                onToggle={() => toggle(i.id)}
                onEdit={onEdit}
              />
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    </Paper>
  );
}
