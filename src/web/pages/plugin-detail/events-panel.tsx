// The timeline of a plugin's changes: first seen, scopes expanded or reduced, grants, risk moves.
import { Card, Text, Timeline, Title } from '@mantine/core';
import type { ChangeEvent } from '../../api/types.ts';
import { EventIcon, eventSentence } from '../../components/event-text.tsx';
import { TimeText } from '../../components/time-text.tsx';

export function EventsPanel({ events }: { events: ChangeEvent[] }) {
  return (
    <Card withBorder radius="md" padding="lg" h="100%">
      <Title order={2} fz="md" mb="sm">
        Changes
      </Title>
      {events.length === 0 ? (
        <Text fz="sm" c="dimmed">
          No change since it was first seen. Later syncs record scopes gained or lost, new or revoked grants,
          and risk moves.
        </Text>
      ) : (
        <Timeline bulletSize={24} lineWidth={2}>
          {events.map((e) => (
            <Timeline.Item
              key={e.id}
              bullet={<EventIcon type={e.type} />}
              title={<Text fz="sm">{eventSentence(e, false)}</Text>}
            >
              <TimeText iso={e.createdAt} fz="xs" />
            </Timeline.Item>
          ))}
        </Timeline>
      )}
    </Card>
  );
}
