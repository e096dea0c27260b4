// The left navigation: Overview, Plugins, Users, Activity, Resources › Integrations, Settings.
import { NavLink, Stack, Text } from '@mantine/core';
import {
  IconActivity,
  IconApps,
  IconLayoutDashboard,
  IconPlugConnected,
  IconSettings,
  IconUsers,
} from '@tabler/icons-react';
import type { ComponentType } from 'react';
import { Link, useLocation } from 'react-router-dom';

interface Item {
  to: string;
  label: string;
  icon: ComponentType<{ size?: number; stroke?: number }>;
}

const MAIN: Item[] = [
  { to: '/', label: 'Overview', icon: IconLayoutDashboard },
  { to: '/plugins', label: 'Plugins', icon: IconApps },
  { to: '/users', label: 'Users', icon: IconUsers },
  { to: '/activity', label: 'Activity', icon: IconActivity },
];

const RESOURCES: Item[] = [{ to: '/integrations', label: 'Integrations', icon: IconPlugConnected }];
const FOOTER: Item[] = [{ to: '/settings', label: 'Settings', icon: IconSettings }];

function isActive(pathname: string, to: string): boolean {
  return to === '/' ? pathname === '/' : pathname === to || pathname.startsWith(`${to}/`);
}

function Links({ items, onNavigate }: { items: Item[]; onNavigate: () => void }) {
  const { pathname } = useLocation();
  return items.map(({ to, label, icon: Icon }) => {
    const active = isActive(pathname, to);
    return (
      <NavLink
        key={to}
        component={Link}
        to={to}
        label={label}
        active={active}
        aria-current={active ? 'page' : undefined}
        leftSection={<Icon size={18} stroke={1.7} />}
        onClick={onNavigate}
      />
    );
  });
}

export function Nav({ onNavigate }: { onNavigate: () => void }) {
  return (
    <Stack gap={2} component="nav" aria-label="Main" h="100%">
      <Links items={MAIN} onNavigate={onNavigate} />
      <Text fz="xs" fw={600} c="dimmed" tt="uppercase" px="sm" pt="md" pb={4}>
        Resources
      </Text>
      <Links items={RESOURCES} onNavigate={onNavigate} />
      <div style={{ flex: 1 }} />
      <Links items={FOOTER} onNavigate={onNavigate} />
    </Stack>
  );
}
