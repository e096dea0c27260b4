// The plugin's identity for follow-up in the SaaS: kind, publisher, dates, where a webhook sends data, the
// integration, and the SaaS's own ids.
import {
  Anchor,
  Card,
  Code,
  CopyButton,
  Group,
  SimpleGrid,
  Text,
  Title,
  UnstyledButton,
} from '@mantine/core';
import type { ReactNode } from 'react';
import { Link } from 'react-router-dom';
import type { AppDetail } from '../../api/types.ts';
import { formatDateTime, formatNumber } from '../../format.ts';
import { KIND_HELP, KIND_LABEL } from '../../labels.ts';

function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div>
      <Text fz="xs" c="dimmed" tt="uppercase" fw={600}>
        {label}
      </Text>
      <Text fz="sm" component="div" style={{ wordBreak: 'break-word' }}>
        {children}
      </Text>
    </div>
  );
}

function Copyable({ value }: { value: string }) {
  return (
    <CopyButton value={value}>
      {({ copied, copy }) => (
        <UnstyledButton onClick={copy} className="gs-focus-ring" aria-label={`Copy ${value}`}>
          <Code>{value}</Code>{' '}
          <Text span fz="xs" c="dimmed">
            {copied ? 'copied' : 'copy'}
          </Text>
        </UnstyledButton>
      )}
    </CopyButton>
  );
}

export function FactsPanel({ app }: { app: AppDetail }) {
  return (
    <Card withBorder radius="md" padding="lg">
      <Title order={2} fz="md" mb="sm">
        Details
      </Title>
      {app.description && (
        <Text fz="sm" mb="md">
          {app.description}
        </Text>
      )}
      <SimpleGrid cols={{ base: 1, xs: 2, md: 4 }} spacing="md">
        <Fact label="Kind">
          {KIND_LABEL[app.kind]}
          <Text fz="xs" c="dimmed">
            {KIND_HELP[app.kind]}
          </Text>
        </Fact>
        <Fact label="Publisher">{app.publisher ?? '—'}</Fact>
        <Fact label="Users / grants">
          {formatNumber(app.userCount)} / {formatNumber(app.grantCount)}
        </Fact>
        <Fact label="Enabled">{app.enabled === null ? '—' : app.enabled ? 'yes' : 'no'}</Fact>
        <Fact label="Created in the SaaS">{formatDateTime(app.createdAt)}</Fact>
        <Fact label="First seen">{formatDateTime(app.firstSeenAt)}</Fact>
        <Fact label="Last used">{formatDateTime(app.lastUsedAt, 'never')}</Fact>
        {app.destinationHost !== null && <Fact label="Sends data to">{app.destinationHost}</Fact>}
        <Fact label="Integration">
          <Anchor component={Link} to="/integrations" fz="sm">
            {app.integration.name}
          </Anchor>
          <Text fz="xs" c="dimmed">
            {app.integration.tenantUrl}
          </Text>
        </Fact>
        <Fact label="SaaS id">
          <Copyable value={app.saasId} />
        </Fact>
        <Fact label="Key">
          <Group gap={4}>
            <Copyable value={app.key} />
          </Group>
        </Fact>
      </SimpleGrid>
    </Card>
  );
}
