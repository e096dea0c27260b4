// The expanded row of an integration: its credential (never a secret), status reason, notices and latest runs.
import { Alert, Anchor, Code, Grid, Stack, Text } from '@mantine/core';
import { IconAlertTriangle, IconInfoCircle } from '@tabler/icons-react';
import type { Integration } from '../../api/types.ts';
import { ErrorAlert, LoadingRows } from '../../components/query-state.tsx';
import { formatDateTime } from '../../format.ts';
import { CREDENTIAL_LABEL } from '../../labels.ts';
import { useRuns } from './queries.ts';
import { RunTable } from './run-table.tsx';

function Field({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div>
      <Text fz="xs" c="dimmed" tt="uppercase" fw={600}>
        {label}
      </Text>
      <Text fz="sm" component="div">
        {children}
      </Text>
    </div>
  );
}

export function IntegrationDetail({ integration }: { integration: Integration }) {
  const runs = useRuns(integration.id, { limit: 5 });
  const cred = integration.credential ?? {};
  const kind = String(cred.kind ?? '');
  const notice = cred.notice as { code: string; message: string } | undefined;
  const reason = integration.statusReason;
  const reasonIsNotice = reason && notice && reason.code === notice.code;
  return (
    <Stack gap="md" p="sm">
      {reason && !reasonIsNotice && (
        <Alert
          color={integration.status === 'failure' ? 'red' : 'yellow'}
          icon={<IconAlertTriangle />}
          title={integration.status === 'failure' ? 'Why it fails' : 'Attention'}
        >
          {reason.message} <Code>{reason.code}</Code>
        </Alert>
      )}
      {notice && (
        <Alert color="yellow" icon={<IconInfoCircle />} title="API token retirement">
          {notice.message}
        </Alert>
      )}
      <Grid gap="md">
        <Grid.Col span={{ base: 12, sm: 6, md: 3 }}>
          <Field label="Credential">{CREDENTIAL_LABEL[kind] ?? (kind || '—')}</Field>
        </Grid.Col>
        <Grid.Col span={{ base: 12, sm: 6, md: 3 }}>
          <Field label={cred.adminEmail ? 'Admin email' : 'OAuth client'}>
            {String(cred.adminEmail ?? cred.clientId ?? '—')}
          </Field>
        </Grid.Col>
        <Grid.Col span={{ base: 12, sm: 6, md: 3 }}>
          <Field label="Tenant">
            <Anchor href={integration.tenantUrl} target="_blank" rel="noreferrer" fz="sm">
              {integration.tenantUrl}
            </Anchor>
          </Field>
        </Grid.Col>
        <Grid.Col span={{ base: 12, sm: 6, md: 3 }}>
          <Field label="Schedule">
            every{' '}
            {integration.scheduleMinutes >= 60
              ? `${integration.scheduleMinutes / 60} h`
              : `${integration.scheduleMinutes} min`}{' '}
            · created {formatDateTime(integration.createdAt)}
          </Field>
        </Grid.Col>
      </Grid>
      <div>
        <Text fz="sm" fw={600} mb={4}>
          Latest syncs
        </Text>
        {runs.isPending ? (
          <LoadingRows rows={2} />
        ) : runs.isError ? (
          <ErrorAlert error={runs.error} />
        ) : (
          <RunTable runs={runs.data.items} compact />
        )}
      </div>
    </Stack>
  );
}
