// The icon of each kind of third-party app (custom or Marketplace OAuth app, installed app, API token, webhook).
import { Tooltip } from '@mantine/core';
import { IconApps, IconBuildingStore, IconCode, IconKey, IconWebhook } from '@tabler/icons-react';
import type { AppKind } from '../api/types.ts';
import { KIND_HELP, KIND_LABEL } from '../labels.ts';

const ICONS = {
  custom_oauth_app: IconCode,
  marketplace_oauth_app: IconBuildingStore,
  installed_app: IconApps,
  api_token: IconKey,
  webhook: IconWebhook,
} as const;

const COLORS: Record<AppKind, string> = {
  custom_oauth_app: 'violet',
  marketplace_oauth_app: 'blue',
  installed_app: 'cyan',
  api_token: 'orange',
  webhook: 'grape',
};

export function KindIcon({
  kind,
  size = 28,
  tooltip = true,
}: {
  kind: AppKind;
  size?: number;
  tooltip?: boolean;
}) {
  const Icon = ICONS[kind];
  const color = COLORS[kind];
  const icon = (
    <span
      className="gs-kind-icon"
      role="img"
      aria-label={KIND_LABEL[kind]}
      title={tooltip ? undefined : KIND_LABEL[kind]}
      style={
        {
          width: size,
          height: size,
          '--gs-kind-bg': `var(--mantine-color-${color}-light)`,
          '--gs-kind-color': `var(--mantine-color-${color}-light-color)`,
        } as React.CSSProperties
      }
    >
      <Icon size={Math.round(size * 0.6)} stroke={1.7} aria-hidden="true" />
    </span>
  );
  // Lists pass tooltip={false}: a Tooltip per row is costly there, and the kind has its own column.
  if (!tooltip) return icon;
  return <Tooltip label={`${KIND_LABEL[kind]}: ${KIND_HELP[kind]}`}>{icon}</Tooltip>;
}
