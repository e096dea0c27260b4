// Who authorized a plugin: one line per user (their tokens merged), with scopes, dates, stale marked, and the
// SaaS's grant ids for follow-up; searched and paged by the server (an app can have tens of thousands of users).
import { Anchor, Badge, Card, Group, Table, Text, TextInput, Title, Tooltip } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { IconSearch } from '@tabler/icons-react';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { api } from '../../api/client.ts';
import type { AppUsersPage } from '../../api/types.ts';
import { ErrorAlert, LoadingRows } from '../../components/query-state.tsx';
import { TimeText } from '../../components/time-text.tsx';
import { formatNumber, plural } from '../../format.ts';
import { Pager } from '../plugins/pager.tsx';

/** Below this many users one page shows them all: no search box. */
const SEARCH_FROM = 25;

function GrantIds({ ids }: { ids: string[] }) {
  const shown = ids.slice(0, 2).join(', ');
  return (
    <Tooltip label={ids.join(', ')} disabled={ids.length <= 2}>
      <Text className="gs-mono" c="dimmed" style={{ whiteSpace: 'nowrap' }}>
        {shown}
        {ids.length > 2 ? ` +${ids.length - 2}` : ''}
      </Text>
    </Tooltip>
  );
}

/** Pages of the server's cursors: the current one and those of the pages before it, for Previous. */
interface Position {
  cursor: string | null;
  prev: (string | null)[];
}
const FIRST: Position = { cursor: null, prev: [] };

export function AppUsersTable({
  appId,
  userCount,
  staleUserCount,
}: {
  appId: string;
  userCount: number;
  staleUserCount: number;
}) {
  const [text, setText] = useState('');
  const [q] = useDebouncedValue(text.trim(), 300);
  const [limit, setLimit] = useState(50);
  const [at, setAt] = useState<{ q: string; limit: number; position: Position }>({
    q,
    limit,
    position: FIRST,
  });
  // A new search or page size starts again from the first page (state adjusted while rendering, as React advises).
  if (at.q !== q || at.limit !== limit) setAt({ q, limit, position: FIRST });
  const position = at.q === q && at.limit === limit ? at.position : FIRST;
  const go = (next: Position) => setAt({ q, limit, position: next });
  const query = { q: q || null, limit, cursor: position.cursor };
  const users = useQuery({
    queryKey: ['app-users', appId, query],
    queryFn: () => api.get<AppUsersPage>(`/apps/${encodeURIComponent(appId)}/users`, query),
    placeholderData: keepPreviousData,
  });
  const data = users.data;

  let body: React.ReactNode;
  if (users.isPending) body = <LoadingRows rows={6} />;
  else if (users.isError) body = <ErrorAlert error={users.error} onRetry={() => users.refetch()} />;
  else if (data === undefined || data.items.length === 0)
    body = (
      <Text fz="sm" c="dimmed">
        {q
          ? 'No user of this plugin matches this search (name, email or SaaS id).'
          : 'No user grants: the app holds its access by itself (a token, an installation or a webhook).'}
      </Text>
    );
  else
    body = (
      <>
        <Table.ScrollContainer minWidth={920}>
          <Table
            fz="sm"
            verticalSpacing={6}
            aria-label="Users who authorized this plugin"
            style={{ opacity: users.isPlaceholderData ? 0.6 : 1 }}
          >
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
              {data.items.map((u) => (
                <Table.Tr key={u.id ?? `grants-${u.grantIds.join(',')}`}>
                  <Table.Td>
                    <Group gap={6} wrap="nowrap">
                      <div style={{ minWidth: 0 }}>
                        {u.id ? (
                          <Anchor component={Link} to={`/users/${encodeURIComponent(u.id)}`} fz="sm" fw={500}>
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
                  <Table.Td style={{ whiteSpace: 'nowrap' }}>{u.role ?? '—'}</Table.Td>
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
        {(position.prev.length > 0 || data.nextCursor) && (
          <Pager
            page={position.prev.length + 1}
            limit={limit}
            count={data.items.length}
            total={data.total}
            hasNext={Boolean(data.nextCursor)}
            onPrev={() => go({ cursor: position.prev.at(-1) ?? null, prev: position.prev.slice(0, -1) })}
            onNext={() =>
              data.nextCursor && go({ cursor: data.nextCursor, prev: [...position.prev, position.cursor] })
            }
            onLimit={(n) => setLimit(Number(n))}
          />
        )}
      </>
    );

  return (
    <Card withBorder radius="md" padding="lg">
      <Group justify="space-between" mb="sm" gap="sm">
        <div>
          <Title order={2} fz="md">
            Users who authorized it
          </Title>
          <Text fz="xs" c="dimmed">
            {plural(userCount, 'user')} · {formatNumber(staleUserCount)} stale (long unused)
            {q && data ? ` · ${plural(data.total, 'match', 'matches')}` : ''}
          </Text>
        </div>
        {(userCount > SEARCH_FROM || text !== '') && (
          <TextInput
            aria-label="Search users of this plugin"
            placeholder="Search name, email or id"
            leftSection={<IconSearch size={14} />}
            size="xs"
            value={text}
            onChange={(e) => setText(e.currentTarget.value)}
          />
        )}
      </Group>
      {body}
    </Card>
  );
}
