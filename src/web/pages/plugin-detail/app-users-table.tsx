// Who authorized a plugin: one line per user (their tokens merged), with scopes, dates, stale marked, and the
// SaaS's grant ids for follow-up; searched and paged in the browser (an app can have thousands of users).
import {
  Anchor,
  Badge,
  Card,
  Group,
  Pagination,
  Table,
  Text,
  TextInput,
  Title,
  Tooltip,
} from '@mantine/core';
import { IconSearch } from '@tabler/icons-react';
import { useMemo, useState } from 'react';
import { Link } from 'react-router-dom';
import type { AppUser } from '../../api/types.ts';
import { TimeText } from '../../components/time-text.tsx';
import { formatNumber, plural } from '../../format.ts';

const PAGE = 25;

function GrantIds({ ids }: { ids: string[] }) {
  const shown = ids.slice(0, 2).join(', ');
  return (
    <Tooltip label={ids.join(', ')} disabled={ids.length <= 2}>
      <Text className="gs-mono" c="dimmed">
        {shown}
        {ids.length > 2 ? ` +${ids.length - 2}` : ''}
      </Text>
    </Tooltip>
  );
}

export function AppUsersTable({ users }: { users: AppUser[] }) {
  const [q, setQ] = useState('');
  const [page, setPage] = useState(1);
  const filtered = useMemo(() => {
    const needle = q.trim().toLowerCase();
    return needle
      ? users.filter((u) =>
          `${u.name ?? ''} ${u.email ?? ''} ${u.saasId ?? ''}`.toLowerCase().includes(needle),
        )
      : users;
  }, [users, q]);
  const pages = Math.max(1, Math.ceil(filtered.length / PAGE));
  const rows = filtered.slice((Math.min(page, pages) - 1) * PAGE, Math.min(page, pages) * PAGE);
  const stale = users.filter((u) => u.stale).length;
  return (
    <Card withBorder radius="md" padding="lg">
      <Group justify="space-between" mb="sm" gap="sm">
        <div>
          <Title order={2} fz="md">
            Users who authorized it
          </Title>
          <Text fz="xs" c="dimmed">
            {plural(users.length, 'user')} · {formatNumber(stale)} stale (long unused)
          </Text>
        </div>
        {users.length > PAGE && (
          <TextInput
            aria-label="Search users of this plugin"
            placeholder="Search users"
            leftSection={<IconSearch size={14} />}
            size="xs"
            value={q}
            onChange={(e) => {
              setQ(e.currentTarget.value);
              setPage(1);
            }}
          />
        )}
      </Group>
      {users.length === 0 ? (
        <Text fz="sm" c="dimmed">
          No user grants: the app holds its access by itself (a token, an installation or a webhook).
        </Text>
      ) : (
        <>
          <Table.ScrollContainer minWidth={920}>
            <Table fz="sm" verticalSpacing={6} aria-label="Users who authorized this plugin">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>User</Table.Th>
                  <Table.Th>Role</Table.Th>
                  <Table.Th>Scopes</Table.Th>
                  <Table.Th>Granted</Table.Th>
                  <Table.Th>Last used</Table.Th>
                  <Table.Th>Expires</Table.Th>
                  <Table.Th>Grant ids</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {rows.map((u) => (
                  <Table.Tr key={u.id ?? `grants-${u.grantIds.join(',')}`}>
                    <Table.Td>
                      <Group gap={6} wrap="nowrap">
                        <div style={{ minWidth: 0 }}>
                          {u.id ? (
                            <Anchor
                              component={Link}
                              to={`/users/${encodeURIComponent(u.id)}`}
                              fz="sm"
                              fw={500}
                            >
                              {u.name ?? `User ${u.saasId}`}
                            </Anchor>
                          ) : (
                            <Text fz="sm" fw={500}>
                              No user (tenant-wide)
                            </Text>
                          )}
                          <Text fz="xs" c="dimmed">
                            {u.email ?? (u.saasId ? `id ${u.saasId}` : '')}
                          </Text>
                        </div>
                        {u.stale && (
                          <Badge size="xs" color="gray" variant="outline">
                            stale
                          </Badge>
                        )}
                      </Group>
                    </Table.Td>
                    <Table.Td>{u.role ?? '—'}</Table.Td>
                    <Table.Td maw={260}>
                      <Text fz="xs" ff="monospace" lineClamp={2}>
                        {u.scopes.join(' ')}
                      </Text>
                    </Table.Td>
                    <Table.Td>
                      <TimeText iso={u.grantedAt} />
                    </Table.Td>
                    <Table.Td>
                      <TimeText iso={u.lastUsedAt} fallback="never" />
                    </Table.Td>
                    <Table.Td>
                      <TimeText iso={u.expiresAt} fallback="never expires" />
                    </Table.Td>
                    <Table.Td>
                      <GrantIds ids={u.grantIds} />
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
          {pages > 1 && (
            <Pagination
              mt="sm"
              size="sm"
              total={pages}
              value={Math.min(page, pages)}
              onChange={setPage}
              getControlProps={(c) => ({ 'aria-label': c === 'previous' ? 'Previous page' : 'Next page' })}
            />
          )}
        </>
      )}
    </Card>
  );
}
