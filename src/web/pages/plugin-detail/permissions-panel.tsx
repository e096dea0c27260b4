// A plugin's permissions grouped by category, riskiest first: each scope with its risk, what it allows in plain
// words, and the vendor's documentation.
import { Anchor, Badge, Card, Code, Group, Stack, Text, Title } from '@mantine/core';
import type { AppDetail } from '../../api/types.ts';
import { RiskBadge } from '../../components/risk-badge.tsx';

const NO_SCOPES: Partial<Record<AppDetail['kind'], string>> = {
  api_token:
    'An API token has no scopes: whoever uses it acts with their full rights in the tenant (see the risk reasons).',
  webhook: 'A webhook holds no scopes: it sends the events it subscribes to to an outside address.',
};

export function PermissionsPanel({ groups, kind }: { groups: AppDetail['scopes']; kind: AppDetail['kind'] }) {
  return (
    <Card withBorder radius="md" padding="lg" h="100%">
      <Title order={2} fz="md" mb="sm">
        Permissions
      </Title>
      {groups.length === 0 ? (
        <Text fz="sm" c="dimmed">
          {NO_SCOPES[kind] ?? 'No scopes: this app holds no access by itself and no user granted it any.'}
        </Text>
      ) : (
        <Stack gap="md">
          {groups.map((g) => (
            <div key={g.category}>
              <Group gap="xs" mb={6}>
                <Text fw={600} fz="sm">
                  {g.category}
                </Text>
                <RiskBadge level={g.risk} size="xs" />
              </Group>
              <Stack gap={6} pl="sm" style={{ borderLeft: '2px solid var(--mantine-color-default-border)' }}>
                {g.scopes.map((s) => (
                  <div key={s.scope}>
                    <Group gap={6} wrap="nowrap">
                      <Code>{s.scope}</Code>
                      <Badge
                        size="xs"
                        variant="light"
                        color={
                          s.risk === 'critical'
                            ? 'red'
                            : s.risk === 'high'
                              ? 'orange'
                              : s.risk === 'medium'
                                ? 'yellow'
                                : 'teal'
                        }
                      >
                        {s.risk}
                      </Badge>
                    </Group>
                    <Text fz="sm" mt={2}>
                      {s.description}{' '}
                      {s.docsUrl && (
                        <Anchor href={s.docsUrl} target="_blank" rel="noreferrer" fz="xs">
                          docs
                        </Anchor>
                      )}
                    </Text>
                  </div>
                ))}
              </Stack>
            </div>
          ))}
        </Stack>
      )}
    </Card>
  );
}
