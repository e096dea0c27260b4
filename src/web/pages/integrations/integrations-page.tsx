// Resources › Integrations: the Configured Integrations tab (the Integrated Apps table, New), the catalogue of SaaS
// applications, and the return from "Connect with Zendesk".
import { Anchor, Breadcrumbs, Button, Tabs, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconPlug, IconPlus } from '@tabler/icons-react';
import { useEffect, useState } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import type { CreatedIntegration, Integration } from '../../api/types.ts';
import { useSession } from '../../auth/session.tsx';
import { Empty } from '../../components/empty.tsx';
import { PageHeader } from '../../components/page-header.tsx';
import { ErrorAlert, LoadingRows } from '../../components/query-state.tsx';
import { noticeCode, useSyncWatch } from '../../layout/sync-watch.tsx';
import { AvailableApps } from './available-apps.tsx';
import { EditIntegrationModal } from './edit-integration-modal.tsx';
import { IntegrationsTable } from './integrations-table.tsx';
import { NewIntegrationDrawer } from './new-integration-drawer.tsx';
import { useIntegrations, useInvalidateInventory } from './queries.ts';

/** The OAuth callback comes back as ?connected=<id> or ?oauthError=<code>&message=<sentence>. */
function useOAuthReturn(onConnected: (id: string) => void) {
  const [params, setParams] = useSearchParams();
  const connected = params.get('connected');
  const oauthError = params.get('oauthError');
  const message = params.get('message');
  // biome-ignore lint/correctness/useExhaustiveDependencies: runs once per return from Zendesk, not per render
  useEffect(() => {
    if (!connected && !oauthError) return;
    if (connected) onConnected(connected);
    else
      notifications.show({
        color: 'red',
        title: 'Zendesk did not connect',
        message: message ?? oauthError,
        autoClose: false,
      });
    setParams({}, { replace: true });
  }, [connected, oauthError]);
}

export function IntegrationsPage() {
  const { isAdmin } = useSession();
  const [drawer, setDrawer] = useState(false);
  const [editing, setEditing] = useState<Integration | null>(null);
  const [highlight, setHighlight] = useState<string | null>(null);
  const integrations = useIntegrations();
  const invalidate = useInvalidateInventory();
  const { watch } = useSyncWatch();

  const connected = (id: string, name: string, runId: string | null, notice?: string) => {
    notifications.show({
      color: 'green',
      title: 'Connected',
      message: `${name} is connected. The first sync is running.`,
    });
    setHighlight(id);
    void invalidate();
    watch({ integrationId: id, runId, label: name, ...(notice && { knownNotice: notice }) });
  };
  useOAuthReturn((id) => connected(id, 'Zendesk', null));
  const created = (r: CreatedIntegration) => {
    setDrawer(false);
    // The credential's own notice (the API token retirement) was on the form already: not news.
    const notice = noticeCode(r.integration);
    for (const w of r.warnings.filter((x) => x.code !== notice))
      notifications.show({ color: 'yellow', title: 'Note', message: w.message, autoClose: 12_000 });
    connected(r.integration.id, r.integration.name, r.runId, notice);
  };

  const newButton = isAdmin && (
    <Button leftSection={<IconPlus size={16} />} onClick={() => setDrawer(true)}>
      New
    </Button>
  );
  const items = integrations.data?.items ?? [];
  return (
    <>
      <PageHeader
        breadcrumbs={
          <Breadcrumbs separator="›" fz="sm">
            <Text fz="sm" c="dimmed">
              Resources
            </Text>
            <Anchor component={Link} to="/integrations" fz="sm">
              Integrations
            </Anchor>
          </Breadcrumbs>
        }
        title="Integrations"
        description="The SaaS tenants Grantscope reads, and how it connects to each."
        actions={newButton}
      />
      <Tabs defaultValue="configured" keepMounted={false}>
        <Tabs.List mb="md">
          <Tabs.Tab value="configured">Configured Integrations</Tabs.Tab>
          <Tabs.Tab value="available">SaaS Applications</Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="configured">
          <Text fw={600} mb="xs">
            Integrated Apps
          </Text>
          {integrations.isPending ? (
            <LoadingRows rows={3} />
          ) : integrations.isError ? (
            <ErrorAlert error={integrations.error} onRetry={() => integrations.refetch()} />
          ) : items.length === 0 ? (
            <Empty
              icon={<IconPlug />}
              title="No integrations yet"
              description={
                isAdmin
                  ? 'Click New to connect Zendesk. The Plugins page fills within seconds.'
                  : 'An admin has not connected a SaaS tenant yet.'
              }
              action={newButton}
            />
          ) : (
            <IntegrationsTable
              items={items}
              isAdmin={isAdmin}
              highlight={highlight}
              onEdit={setEditing}
              key={highlight ?? ''}
            />
          )}
        </Tabs.Panel>
        <Tabs.Panel value="available">
          <AvailableApps />
        </Tabs.Panel>
      </Tabs>
      {isAdmin && (
        <NewIntegrationDrawer opened={drawer} onClose={() => setDrawer(false)} onCreated={created} />
      )}
      <EditIntegrationModal integration={editing} onClose={() => setEditing(null)} />
    </>
  );
}
