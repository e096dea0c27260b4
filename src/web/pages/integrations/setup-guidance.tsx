// Short setup guidance beside the credential form: where in Zendesk's Admin Center each credential is created,
// what it lets Grantscope see, and the plan notes.
import { Alert, Button, Code, CopyButton, Group, List, Paper, Stack, Text, Title } from '@mantine/core';
import { IconBulb } from '@tabler/icons-react';

const WHERE: Record<string, React.ReactNode> = {
  oauth_client_credentials: (
    <List size="sm" spacing={4} type="ordered">
      <List.Item>In Zendesk, open Admin Center › Apps and integrations › APIs › OAuth clients.</List.Item>
      <List.Item>Add an OAuth client; kind Confidential. Save.</List.Item>
      <List.Item>Copy its Unique identifier and the Secret (Zendesk shows the secret once).</List.Item>
    </List>
  ),
  api_token: (
    <List size="sm" spacing={4} type="ordered">
      <List.Item>In Zendesk, open Admin Center › Apps and integrations › APIs › API tokens.</List.Item>
      <List.Item>Add an API token and copy it (Zendesk shows it once).</List.Item>
      <List.Item>Enter the email of an active admin: requests act as that admin.</List.Item>
    </List>
  ),
  oauth_authorization_code: (
    <List size="sm" spacing={4} type="ordered">
      <List.Item>
        In Admin Center › Apps and integrations › APIs › OAuth clients, add a client whose Redirect URL is the
        address below.
      </List.Item>
      <List.Item>Enter its identifier (and secret), then Connect with Zendesk.</List.Item>
      <List.Item>Sign in at Zendesk as an admin and approve read access; you come back here.</List.Item>
    </List>
  ),
};

export function SetupGuidance({ kind }: { kind: string }) {
  const redirect = `${window.location.origin}/oauth/callback`;
  return (
    <Paper withBorder radius="md" p="md" bg="var(--mantine-color-default-hover)">
      <Stack gap="sm">
        <Group gap={6}>
          <IconBulb size={18} aria-hidden="true" />
          <Title order={3} fz="sm">
            Where to find it
          </Title>
        </Group>
        {WHERE[kind] ?? <Text fz="sm">Create the credential in your SaaS admin console.</Text>}
        {kind === 'oauth_authorization_code' && (
          <Group gap="xs" wrap="nowrap">
            <Code style={{ wordBreak: 'break-all' }}>{redirect}</Code>
            <CopyButton value={redirect}>
              {({ copied, copy }) => (
                <Button size="compact-xs" variant="light" onClick={copy}>
                  {copied ? 'Copied' : 'Copy'}
                </Button>
              )}
            </CopyButton>
          </Group>
        )}
        <Title order={3} fz="sm">
          What Grantscope sees
        </Title>
        <Text fz="sm">
          Read-only: OAuth clients (custom and Marketplace), the tokens users granted them and their scopes,
          installed apps, API tokens, webhooks, and the users who granted access. It never changes your
          tenant.
        </Text>
        <Alert color="blue" variant="light" p="xs" fz="sm" title="Enterprise plan">
          Zendesk’s audit log (who changed what, when) needs the Enterprise plan. Without it the inventory is
          complete; only that history is missing.
        </Alert>
        <Text fz="xs" c="dimmed">
          The credential must belong to an active Zendesk admin. It is verified when you save, stored
          encrypted, and never shown again.
        </Text>
      </Stack>
    </Paper>
  );
}
