// A change event as a sentence with an icon: app added or removed, scopes expanded or reduced, grants, risk moves.
import { ThemeIcon } from '@mantine/core';
import {
  IconArrowsDiff,
  IconKey,
  IconKeyOff,
  IconMinus,
  IconPlus,
  IconTrendingUp,
} from '@tabler/icons-react';
import type { ChangeEvent } from '../api/types.ts';

const ICON = {
  app_added: { icon: IconPlus, color: 'blue' },
  app_removed: { icon: IconMinus, color: 'gray' },
  scopes_expanded: { icon: IconArrowsDiff, color: 'orange' },
  scopes_reduced: { icon: IconArrowsDiff, color: 'teal' },
  grant_added: { icon: IconKey, color: 'violet' },
  grant_removed: { icon: IconKeyOff, color: 'gray' },
  risk_changed: { icon: IconTrendingUp, color: 'red' },
} as const;

export function EventIcon({ type, size = 22 }: { type: ChangeEvent['type']; size?: number }) {
  const { icon: Icon, color } = ICON[type] ?? ICON.app_added;
  return (
    <ThemeIcon size={size} radius="xl" variant="light" color={color}>
      <Icon size={Math.round(size * 0.6)} />
    </ThemeIcon>
  );
}

const list = (v: unknown) => (Array.isArray(v) ? v.map(String).join(', ') : '');

/** What happened, in words; `withApp` names the app (lists mixing apps), omitted on the app's own page. */
export function eventSentence(e: ChangeEvent, withApp = true): string {
  const app = withApp ? `${e.appName}: ` : '';
  const d = e.details;
  const who = e.subject ? ` (user ${e.subject})` : '';
  switch (e.type) {
    case 'app_added':
      return `${app}new ${String(d.riskLevel ?? '')} risk app`.replace('  ', ' ');
    case 'app_removed':
      return `${app}gone from the tenant`;
    case 'scopes_expanded':
      return `${app}scopes expanded${list(d.added) ? `: +${list(d.added)}` : ''}`;
    case 'scopes_reduced':
      return `${app}scopes reduced${list(d.removed) ? `: −${list(d.removed)}` : ''}`;
    case 'grant_added':
      return `${app}new grant${who}${list(d.scopes) ? ` · ${list(d.scopes)}` : ''}`;
    case 'grant_removed':
      return `${app}grant gone${who}`;
    case 'risk_changed':
      return `${app}risk ${String(d.from ?? '?')} → ${String(d.to ?? '?')}${d.toScore !== undefined ? ` (score ${String(d.fromScore ?? '?')} → ${String(d.toScore)})` : ''}`;
    default:
      return `${app}${String(e.type).replace(/_/g, ' ')}`;
  }
}
