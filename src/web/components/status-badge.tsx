// An integration's status (Connected, Syncing, Warning, Failure, Disabled), with its reason in a tooltip.
import { Badge, Loader, Tooltip } from '@mantine/core';
import type { Integration } from '../api/types.ts';
import { STATUS_COLOR, STATUS_LABEL } from '../labels.ts';

export function StatusBadge({ integration }: { integration: Pick<Integration, 'status' | 'statusReason'> }) {
  const { status, statusReason } = integration;
  const badge = (
    <Badge
      miw="max-content"
      color={STATUS_COLOR[status]}
      variant={status === 'connected' ? 'filled' : 'light'}
      leftSection={status === 'syncing' ? <Loader size={10} color="blue" /> : undefined}
      tabIndex={statusReason ? 0 : undefined}
      className="gs-focus-ring"
    >
      {STATUS_LABEL[status]}
    </Badge>
  );
  if (!statusReason?.message) return badge;
  return <Tooltip label={statusReason.message}>{badge}</Tooltip>;
}
