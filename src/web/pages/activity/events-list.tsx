// Change events across the inventory, newest first, filtered by type, with "Load more" through the cursor.
import { Anchor, Button, Card, Group, MultiSelect, Table, Text, Title } from '@mantine/core';
import { useInfiniteQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { api } from '../../api/client.ts';
import type { ChangeEvent, Page } from '../../api/types.ts';
import { EventIcon, eventSentence } from '../../components/event-text.tsx';
import { ErrorAlert, LoadingRows } from '../../components/query-state.tsx';
import { TimeText } from '../../components/time-text.tsx';

const TYPES = [
  { value: 'app_added', label: 'App added' },
  { value: 'app_removed', label: 'App removed' },
  { value: 'scopes_expanded', label: 'Scopes expanded' },
  { value: 'scopes_reduced', label: 'Scopes reduced' },
  { value: 'grant_added', label: 'Grant added' },
  { value: 'grant_removed', label: 'Grant removed' },
  { value: 'risk_changed', label: 'Risk changed' },
];

export function EventsList({ integrationId }: { integrationId: string | null }) {
  const [types, setTypes] = useState<string[]>([]);
  const events = useInfiniteQuery({
    queryKey: ['events', integrationId, types],
    queryFn: ({ pageParam }) =>
      api.get<Page<ChangeEvent>>('/events', { integrationId, type: types, limit: 50, cursor: pageParam }),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor ?? null,
  });
  const items = events.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <Card withBorder radius="md" padding="lg">
      <Group justify="space-between" mb="sm" align="flex-end">
        <div>
          <Title order={2} fz="md">
            Changes
          </Title>
          <Text fz="xs" c="dimmed">
            What each sync found different from the one before.
          </Text>
        </div>
        <MultiSelect
          aria-label="Event types"
          placeholder={types.length ? undefined : 'All changes'}
          data={TYPES}
          value={types}
          onChange={setTypes}
          clearable
          w={{ base: '100%', sm: 300 }}
          size="xs"
        />
      </Group>
      {events.isPending ? (
        <LoadingRows rows={5} />
      ) : events.isError ? (
        <ErrorAlert error={events.error} onRetry={() => events.refetch()} />
      ) : items.length === 0 ? (
        <Text fz="sm" c="dimmed">
          No changes yet. The first sync is the baseline; later syncs record what changed.
        </Text>
      ) : (
        <>
          <Table.ScrollContainer minWidth={600}>
            <Table fz="sm" verticalSpacing={6} aria-label="Change events">
              <Table.Tbody>
                {items.map((e) => (
                  <Table.Tr key={e.id}>
                    <Table.Td w={36}>
                      <EventIcon type={e.type} />
                    </Table.Td>
                    <Table.Td>
                      {e.appId ? (
                        <Anchor component={Link} to={`/plugins/${e.appId}`} fz="sm">
                          {eventSentence(e)}
                        </Anchor>
                      ) : (
                        eventSentence(e)
                      )}
                    </Table.Td>
                    <Table.Td w={140}>
                      <TimeText iso={e.createdAt} />
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
          {events.hasNextPage && (
            <Button
              variant="default"
              size="xs"
              mt="sm"
              loading={events.isFetchingNextPage}
              onClick={() => events.fetchNextPage()}
            >
              Load more
            </Button>
          )}
        </>
      )}
    </Card>
  );
}
