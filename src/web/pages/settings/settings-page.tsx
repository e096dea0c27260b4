// Settings: your account, and for admins the accounts, API keys and audit trail of this server.
import { Alert, Badge, Card, Group, Tabs, Text } from '@mantine/core';
import { IconLock } from '@tabler/icons-react';
import { useSession } from '../../auth/session.tsx';
import { PageHeader } from '../../components/page-header.tsx';
import { AccountsTab } from './accounts-tab.tsx';
import { ApiKeysTab } from './api-keys-tab.tsx';
import { AuditTab } from './audit-tab.tsx';

export function SettingsPage() {
  const { me, isAdmin } = useSession();
  return (
    <>
      <PageHeader title="Settings" description="Who can use this Grantscope server, and what they did." />
      <Card withBorder radius="md" mb="lg">
        <Group gap="sm">
          <Text fz="sm">
            Signed in as <b>{me.label}</b>
          </Text>
          <Badge variant="light">{me.role}</Badge>
          {me.kind === 'api_key' && (
            <Badge variant="light" color="gray">
              API key
            </Badge>
          )}
        </Group>
      </Card>
      {isAdmin ? (
        <Tabs defaultValue="accounts" keepMounted={false}>
          <Tabs.List mb="md">
            <Tabs.Tab value="accounts">Accounts</Tabs.Tab>
            <Tabs.Tab value="api-keys">API keys</Tabs.Tab>
            <Tabs.Tab value="audit">Audit trail</Tabs.Tab>
          </Tabs.List>
          <Tabs.Panel value="accounts">
            <AccountsTab />
          </Tabs.Panel>
          <Tabs.Panel value="api-keys">
            <ApiKeysTab />
          </Tabs.Panel>
          <Tabs.Panel value="audit">
            <AuditTab />
          </Tabs.Panel>
        </Tabs>
      ) : (
        <Alert icon={<IconLock />} color="gray" title="Admins only">
          Accounts, API keys and the audit trail are managed by admins. As a viewer you see every inventory
          page.
        </Alert>
      )}
    </>
  );
}
