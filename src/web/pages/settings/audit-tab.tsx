// The audit trail (admins): who did what, when — sign-ins excluded, every change included — newest first.
import { Button, Code, Stack, Table, Text } from '@mantine/core';
import { useInfiniteQuery } from '@tanstack/react-query';
import { api } from '../../api/client.ts';
import type { AuditEntry, Page } from '../../api/types.ts';
import { ErrorAlert, LoadingRows } from '../../components/query-state.tsx';
import { TimeText } from '../../components/time-text.tsx';

function details(d: Record<string, unknown>): string {
  return Object.entries(d)
    .map(([k, v]) => `${k}: ${typeof v === 'string' ? v : JSON.stringify(v)}`)
    .join(' · ');
}

export function AuditTab() {
  const audit = useInfiniteQuery({
    queryKey: ['audit'],
    queryFn: ({ pageParam }) => api.get<Page<AuditEntry>>('/audit', { limit: 50, before: pageParam }),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor ?? null,
  });
  if (audit.isPending) return <LoadingRows rows={4} />;
  if (audit.isError) return <ErrorAlert error={audit.error} onRetry={() => audit.refetch()} />;
  const items = audit.data.pages.flatMap((p) => p.items);
  return (
    <Stack>
      {items.length === 0 ? (
        <Text fz="sm" c="dimmed">
          Nothing recorded yet.
        </Text>
      ) : (
        <Table.ScrollContainer minWidth={720}>
          <Table fz="sm" verticalSpacing={6} aria-label="Audit trail">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>When</Table.Th>
                <Table.Th>Who</Table.Th>
                <Table.Th>Action</Table.Th>
                <Table.Th>Details</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {items.map((e) => (
                <Table.Tr key={e.id}>
                  <Table.Td>
                    <TimeText iso={e.createdAt} />
                  </Table.Td>
                  <Table.Td>{e.actor.label}</Table.Td>
                  <Table.Td>
                    <Code>{e.action}</Code>
                  </Table.Td>
                  <Table.Td>
                    <Text fz="xs" c="dimmed" lineClamp={2}>
                      {details(e.details)}
                    </Text>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      {audit.hasNextPage && (
        <Button
          variant="default"
          size="xs"
          w="fit-content"
          loading={audit.isFetchingNextPage}
          onClick={() => audit.fetchNextPage()}
        >
          Load more
        </Button>
      )}
    </Stack>
  );
}
