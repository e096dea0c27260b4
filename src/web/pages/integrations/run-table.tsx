// Sync runs as a table: outcome, trigger, when, duration, what was read, API calls and rate-limit waits.
import { Badge, Table, Text, Tooltip } from '@mantine/core';
import { IconAlertTriangle } from '@tabler/icons-react';
import type { SyncRun } from '../../api/types.ts';
import { TimeText } from '../../components/time-text.tsx';
import { formatDuration, formatNumber } from '../../format.ts';

const RUN_COLOR: Record<SyncRun['status'], string> = {
  queued: 'gray',
  running: 'blue',
  completed: 'green',
  failed: 'red',
};

export function RunStatus({ run }: { run: SyncRun }) {
  const problem = run.error?.message ?? run.warnings.map((w) => w.message).join(' ');
  const warned = run.status === 'completed' && run.warnings.length > 0;
  const badge = (
    <Badge
      color={warned ? 'yellow' : RUN_COLOR[run.status]}
      variant="light"
      tt="none"
      miw="max-content"
      leftSection={warned ? <IconAlertTriangle size={12} /> : undefined}
      tabIndex={problem ? 0 : undefined}
    >
      {run.status}
    </Badge>
  );
  return problem ? <Tooltip label={problem}>{badge}</Tooltip> : badge;
}

export function RunTable({ runs, compact = false }: { runs: SyncRun[]; compact?: boolean }) {
  if (runs.length === 0)
    return (
      <Text fz="sm" c="dimmed">
        No sync has run yet.
      </Text>
    );
  return (
    <Table.ScrollContainer minWidth={compact ? 640 : 860}>
      <Table fz="sm" verticalSpacing={6} striped>
        <Table.Thead>
          <Table.Tr>
            <Table.Th style={{ whiteSpace: 'nowrap' }}>Outcome</Table.Th>
            <Table.Th style={{ whiteSpace: 'nowrap' }}>Trigger</Table.Th>
            <Table.Th style={{ whiteSpace: 'nowrap' }}>Started</Table.Th>
            <Table.Th style={{ whiteSpace: 'nowrap' }}>Duration</Table.Th>
            <Table.Th ta="right" style={{ whiteSpace: 'nowrap' }}>
              Apps
            </Table.Th>
            <Table.Th ta="right" style={{ whiteSpace: 'nowrap' }}>
              Grants
            </Table.Th>
            <Table.Th ta="right" style={{ whiteSpace: 'nowrap' }}>
              Users
            </Table.Th>
            <Table.Th ta="right" style={{ whiteSpace: 'nowrap' }}>
              API calls
            </Table.Th>
            {!compact && (
              <Table.Th ta="right" style={{ whiteSpace: 'nowrap' }}>
                Retries
              </Table.Th>
            )}
            <Table.Th ta="right" style={{ whiteSpace: 'nowrap' }}>
              Rate-limit waits
            </Table.Th>
            {!compact && <Table.Th style={{ whiteSpace: 'nowrap' }}>Problem</Table.Th>}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {runs.map((r) => (
            <Table.Tr key={r.id}>
              <Table.Td>
                <RunStatus run={r} />
              </Table.Td>
              <Table.Td>{r.trigger}</Table.Td>
              <Table.Td>
                <TimeText iso={r.startedAt ?? r.queuedAt} />
              </Table.Td>
              <Table.Td>{r.status === 'running' ? 'running…' : formatDuration(r.durationMs)}</Table.Td>
              <Table.Td ta="right">{formatNumber(r.stats?.apps)}</Table.Td>
              <Table.Td ta="right">{formatNumber(r.stats?.grants)}</Table.Td>
              <Table.Td ta="right">{formatNumber(r.stats?.users)}</Table.Td>
              <Table.Td ta="right">{formatNumber(r.stats?.apiCalls)}</Table.Td>
              {!compact && <Table.Td ta="right">{formatNumber(r.stats?.retries)}</Table.Td>}
              <Table.Td ta="right">
                {r.stats
                  ? `${formatNumber(r.stats.rateLimitWaits)} (${formatDuration(r.stats.rateLimitWaitMs)})`
                  : '—'}
              </Table.Td>
              {!compact && (
                <Table.Td maw={320}>
                  <Text fz="xs" c={r.error ? 'red' : 'dimmed'} lineClamp={2}>
                    {r.error?.message ?? r.warnings.map((w) => w.message).join(' ')}
                  </Text>
                </Table.Td>
              )}
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
