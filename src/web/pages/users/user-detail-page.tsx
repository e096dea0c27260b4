// One SaaS user (/users/:id): who they are and every app they authorized, riskiest first, with scopes and dates.
import { Anchor, Badge, Breadcrumbs, Card, Group, SimpleGrid, Table, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { Link, useParams } from 'react-router-dom';
import { api } from '../../api/client.ts';
import type { UserDetail } from '../../api/types.ts';
import { KindIcon } from '../../components/kind-icon.tsx';
import { PageHeader } from '../../components/page-header.tsx';
import { ErrorAlert, LoadingRows } from '../../components/query-state.tsx';
import { RiskBadge } from '../../components/risk-badge.tsx';
import { TimeText } from '../../components/time-text.tsx';

export function UserDetailPage() {
  const { id = '' } = useParams();
  const detail = useQuery({
    queryKey: ['user', id],
    queryFn: () => api.get<UserDetail>(`/users/${encodeURIComponent(id)}`),
  });
  const u = detail.data;
  const crumbs = (
    <Breadcrumbs separator="›" fz="sm">
      <Anchor component={Link} to="/users" fz="sm">
        Users
      </Anchor>
      <Text fz="sm" c="dimmed">
        {u?.name ?? u?.email ?? '…'}
      </Text>
    </Breadcrumbs>
  );
  if (detail.isPending) return <LoadingRows rows={8} />;
  if (detail.isError)
    return (
      <>
        <PageHeader breadcrumbs={crumbs} title="User" />
        <ErrorAlert error={detail.error} onRetry={() => detail.refetch()} />
      </>
    );
  const user = detail.data;
  const { apps } = user;
  return (
    <>
      <PageHeader
        breadcrumbs={crumbs}
        title={user.name ?? `User ${user.saasId}`}
        description={[user.email, user.role, user.suspended ? 'suspended' : null].filter(Boolean).join(' · ')}
        actions={
          user.highestRisk && (
            <RiskBadge level={user.highestRisk.level} score={user.highestRisk.score} size="lg" />
          )
        }
      />
      <SimpleGrid cols={{ base: 1, xs: 3 }} mb="lg">
        <Card withBorder radius="md">
          <Text fz="xs" c="dimmed" tt="uppercase" fw={600}>
            Apps authorized
          </Text>
          <Text fz="xl" fw={700}>
            {apps.length}
          </Text>
        </Card>
        <Card withBorder radius="md">
          <Text fz="xs" c="dimmed" tt="uppercase" fw={600}>
            Stale grants
          </Text>
          <Text fz="xl" fw={700}>
            {apps.filter((a) => a.stale).length}
          </Text>
        </Card>
        <Card withBorder radius="md">
          <Text fz="xs" c="dimmed" tt="uppercase" fw={600}>
            SaaS user id
          </Text>
          <Text fz="xl" fw={700} ff="monospace">
            {user.saasId}
          </Text>
        </Card>
      </SimpleGrid>
      <Card withBorder radius="md" padding={0}>
        <Table.ScrollContainer minWidth={860}>
          <Table verticalSpacing="xs" aria-label="Apps this user authorized">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>App</Table.Th>
                <Table.Th>Risk</Table.Th>
                <Table.Th>Scopes</Table.Th>
                <Table.Th>Granted</Table.Th>
                <Table.Th>Last used</Table.Th>
                <Table.Th>Expires</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {apps.length === 0 && (
                <Table.Tr>
                  <Table.Td colSpan={6}>
                    <Text fz="sm" c="dimmed" p="sm">
                      This user has authorized no app.
                    </Text>
                  </Table.Td>
                </Table.Tr>
              )}
              {apps.map((a) => (
                <Table.Tr key={a.id}>
                  <Table.Td>
                    <Group gap="sm" wrap="nowrap">
                      <KindIcon kind={a.kind} size={24} tooltip={false} />
                      <Anchor component={Link} to={`/plugins/${a.id}`} fz="sm" fw={500}>
                        {a.name}
                      </Anchor>
                      {a.stale && (
                        <Badge size="xs" variant="outline" color="gray">
                          stale
                        </Badge>
                      )}
                    </Group>
                  </Table.Td>
                  <Table.Td>
                    <RiskBadge level={a.risk.level} score={a.risk.score} />
                  </Table.Td>
                  <Table.Td maw={280}>
                    <Text fz="xs" ff="monospace" lineClamp={2}>
                      {a.scopes.join(' ')}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <TimeText iso={a.grantedAt} />
                  </Table.Td>
                  <Table.Td>
                    <TimeText iso={a.lastUsedAt} fallback="never" />
                  </Table.Td>
                  <Table.Td>
                    <TimeText iso={a.expiresAt} fallback="never expires" />
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      </Card>
    </>
  );
}
