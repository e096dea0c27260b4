// The signed-in frame: header (menu button on narrow screens, brand, colour scheme, account) and the left nav.
import { AppShell, Burger, Group } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { Outlet, useLocation } from 'react-router-dom';
import { Brand } from '../components/brand.tsx';
import { ErrorBoundary } from '../components/error-boundary.tsx';
import { AccountMenu, ColorSchemeToggle } from './header-actions.tsx';
import { Nav } from './nav.tsx';
import { SyncWatchProvider } from './sync-watch.tsx';

export function Shell() {
  const [opened, { toggle, close }] = useDisclosure();
  const { pathname } = useLocation();
  return (
    <SyncWatchProvider>
      <AppShell
        header={{ height: 56 }}
        navbar={{ width: 232, breakpoint: 'sm', collapsed: { mobile: !opened } }}
        padding={{ base: 'sm', sm: 'lg' }}
      >
        <AppShell.Header>
          <Group h="100%" px="md" justify="space-between" wrap="nowrap">
            <Group gap="sm" wrap="nowrap">
              <Burger
                opened={opened}
                onClick={toggle}
                hiddenFrom="sm"
                size="sm"
                aria-label={opened ? 'Close navigation' : 'Open navigation'}
              />
              <Brand />
            </Group>
            <Group gap="sm" wrap="nowrap">
              <ColorSchemeToggle />
              <AccountMenu />
            </Group>
          </Group>
        </AppShell.Header>
        <AppShell.Navbar p="sm">
          <Nav onNavigate={close} />
        </AppShell.Navbar>
        <AppShell.Main>
          <ErrorBoundary resetKey={pathname}>
            <Outlet />
          </ErrorBoundary>
        </AppShell.Main>
      </AppShell>
    </SyncWatchProvider>
  );
}
