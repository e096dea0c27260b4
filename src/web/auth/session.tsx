// Who is signed in: the /auth/me query, the session's CSRF token kept for the API client, and the gate that sends
// anyone not signed in to the login (or, on a fresh server, the first-run setup) page.
import { Alert, Button, Center, Loader, Stack } from '@mantine/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { createContext, type ReactNode, useContext } from 'react';
import { Navigate, useLocation } from 'react-router-dom';
import { ApiError, api, errorMessage, setCsrfToken } from '../api/client.ts';
import type { Me } from '../api/types.ts';

interface Session {
  me: Me;
  isAdmin: boolean;
}

const SessionContext = createContext<Session | null>(null);

export function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession is used outside the signed-in part of the console');
  return session;
}

export function useMeQuery() {
  return useQuery({
    queryKey: ['me'],
    queryFn: async () => {
      try {
        const me = await api.get<Me>('/auth/me');
        setCsrfToken(me.csrfToken);
        return me;
      } catch (error) {
        if (error instanceof ApiError && error.status === 401) return null;
        throw error;
      }
    },
    staleTime: 60_000,
  });
}

export function useAuthStatus(enabled: boolean) {
  return useQuery({
    queryKey: ['auth-status'],
    queryFn: () => api.get<{ setupRequired: boolean }>('/auth/status'),
    enabled,
  });
}

/** Forget everything cached for the previous account (sign-out, or a session that expired). */
export function useResetSession() {
  const client = useQueryClient();
  return () => {
    setCsrfToken(null);
    client.clear();
  };
}

function FullPageLoader() {
  return (
    <Center h="100vh">
      <Loader aria-label="Loading" />
    </Center>
  );
}

export function RequireSession({ children }: { children: ReactNode }) {
  const me = useMeQuery();
  const status = useAuthStatus(me.data === null);
  const location = useLocation();
  if (me.isPending) return <FullPageLoader />;
  if (me.isError)
    return (
      <Center h="100vh" p="md">
        <Stack maw={420}>
          <Alert color="red" title="Grantscope is not answering">
            {errorMessage(me.error)}
          </Alert>
          <Button onClick={() => me.refetch()}>Try again</Button>
        </Stack>
      </Center>
    );
  if (me.data) {
    const session = { me: me.data, isAdmin: me.data.role === 'admin' };
    return <SessionContext value={session}>{children}</SessionContext>;
  }
  if (me.data === null && status.isPending) return <FullPageLoader />;
  if (status.data?.setupRequired) return <Navigate to="/setup" replace />;
  const next = `${location.pathname}${location.search}`;
  return <Navigate to={`/login${next === '/' ? '' : `?next=${encodeURIComponent(next)}`}`} replace />;
}
