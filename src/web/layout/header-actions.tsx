// The header's right side: the dark-mode toggle and the account menu (role, sign out).
import {
  ActionIcon,
  Avatar,
  Badge,
  Group,
  Menu,
  Text,
  Tooltip,
  UnstyledButton,
  useComputedColorScheme,
  useMantineColorScheme,
} from '@mantine/core';
import { IconLogout, IconMoon, IconSettings, IconSun } from '@tabler/icons-react';
import { useMutation } from '@tanstack/react-query';
import { Link, useNavigate } from 'react-router-dom';
import { api } from '../api/client.ts';
import { useResetSession, useSession } from '../auth/session.tsx';

export function ColorSchemeToggle() {
  const { setColorScheme } = useMantineColorScheme();
  const computed = useComputedColorScheme('light');
  const next = computed === 'dark' ? 'light' : 'dark';
  const label = `Switch to ${next} mode`;
  return (
    <Tooltip label={label}>
      <ActionIcon variant="default" size="lg" aria-label={label} onClick={() => setColorScheme(next)}>
        {computed === 'dark' ? <IconSun size={18} /> : <IconMoon size={18} />}
      </ActionIcon>
    </Tooltip>
  );
}

export function AccountMenu() {
  const { me } = useSession();
  const reset = useResetSession();
  const navigate = useNavigate();
  const logout = useMutation({
    mutationFn: () => api.post('/auth/logout'),
    onSettled: () => {
      reset();
      navigate('/login', { replace: true });
    },
  });
  const initials = me.label.slice(0, 2).toUpperCase();
  return (
    <Menu position="bottom-end" width={240}>
      <Menu.Target>
        <UnstyledButton aria-label={`Account: ${me.label}`} className="gs-focus-ring">
          <Group gap={8} wrap="nowrap">
            <Avatar size={32} radius="xl" color="blue">
              {initials}
            </Avatar>
            <Text fz="sm" visibleFrom="sm" maw={200} truncate>
              {me.label}
            </Text>
          </Group>
        </UnstyledButton>
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Label>
          Signed in as {me.label}{' '}
          <Badge size="xs" variant="light" ml={4}>
            {me.role}
          </Badge>
        </Menu.Label>
        <Menu.Item component={Link} to="/settings" leftSection={<IconSettings size={16} />}>
          Settings
        </Menu.Item>
        {me.kind === 'session' && (
          <Menu.Item color="red" leftSection={<IconLogout size={16} />} onClick={() => logout.mutate()}>
            Sign out
          </Menu.Item>
        )}
      </Menu.Dropdown>
    </Menu>
  );
}
