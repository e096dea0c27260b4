// The console's routes: sign-in and first-run setup outside the frame, every page inside it.
import { lazy, Suspense } from 'react';
import { Route, Routes } from 'react-router-dom';
import { LoginPage } from './auth/login-page.tsx';
import { RequireSession } from './auth/session.tsx';
import { SetupPage } from './auth/setup-page.tsx';
import { LoadingRows } from './components/query-state.tsx';
import { Shell } from './layout/shell.tsx';
import { ActivityPage } from './pages/activity/activity-page.tsx';
import { IntegrationsPage } from './pages/integrations/integrations-page.tsx';
import { NotFoundPage } from './pages/not-found-page.tsx';
import { PluginDetailPage } from './pages/plugin-detail/plugin-detail-page.tsx';
import { PluginsPage } from './pages/plugins/plugins-page.tsx';
import { SettingsPage } from './pages/settings/settings-page.tsx';
import { UserDetailPage } from './pages/users/user-detail-page.tsx';
import { UsersPage } from './pages/users/users-page.tsx';

// The overview's charts (recharts) are most of the bundle's weight: loaded with that page only.
const OverviewPage = lazy(() =>
  import('./pages/overview/overview-page.tsx').then((m) => ({ default: m.OverviewPage })),
);

export function App() {
  return (
    <Routes>
      <Route path="/login" element={<LoginPage />} />
      <Route path="/setup" element={<SetupPage />} />
      <Route
        element={
          <RequireSession>
            <Shell />
          </RequireSession>
        }
      >
        <Route
          index
          element={
            <Suspense fallback={<LoadingRows rows={8} />}>
              <OverviewPage />
            </Suspense>
          }
        />
        <Route path="plugins" element={<PluginsPage />} />
        <Route path="plugins/:id" element={<PluginDetailPage />} />
        <Route path="users" element={<UsersPage />} />
        <Route path="users/:id" element={<UserDetailPage />} />
        <Route path="activity" element={<ActivityPage />} />
        <Route path="integrations" element={<IntegrationsPage />} />
        <Route path="settings" element={<SettingsPage />} />
        <Route path="*" element={<NotFoundPage />} />
      </Route>
    </Routes>
  );
}
