// Data of the Integrations page: the list (polled every 2 s while a sync runs), the SaaS catalogue, runs, and
// the changes an admin makes (sync now, enable or disable, rename, delete).
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api/client.ts';
import type { Integration, Page, SaasApplication, SyncRun } from '../../api/types.ts';

export const POLL_MS = 2000;

export function useIntegrations(opts: { poll?: boolean } = {}) {
  return useQuery({
    queryKey: ['integrations'],
    queryFn: () => api.get<Page<Integration>>('/integrations'),
    refetchInterval: (q) =>
      opts.poll || q.state.data?.items.some((i) => i.status === 'syncing') ? POLL_MS : false,
  });
}

export function useSaasApplications(enabled = true) {
  return useQuery({
    queryKey: ['saas-applications'],
    queryFn: () => api.get<Page<SaasApplication>>('/saas-applications'),
    enabled,
    staleTime: 60_000,
  });
}

export function useRuns(integrationId: string | null, opts: { limit?: number; poll?: boolean } = {}) {
  return useQuery({
    queryKey: ['runs', integrationId, opts.limit ?? 10],
    queryFn: () => api.get<Page<SyncRun>>(`/integrations/${integrationId}/runs`, { limit: opts.limit ?? 10 }),
    enabled: integrationId !== null,
    refetchInterval: (q) =>
      opts.poll || q.state.data?.items.some((r) => r.status === 'queued' || r.status === 'running')
        ? POLL_MS
        : false,
  });
}

/** Everything that shows inventory: refreshed after a sync, a deletion or a change of integration. */
export function useInvalidateInventory() {
  const client = useQueryClient();
  return () =>
    Promise.all(
      ['integrations', 'saas-applications', 'runs', 'apps', 'app', 'users', 'user', 'summary', 'events'].map(
        (key) => client.invalidateQueries({ queryKey: [key] }),
      ),
    );
}

export function useSyncNow() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api.post<{ runId: string; queued: boolean }>(`/integrations/${id}/sync`),
    onSuccess: () => client.invalidateQueries({ queryKey: ['runs'] }),
  });
}

export function useUpdateIntegration() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({
      id,
      ...body
    }: {
      id: string;
      name?: string;
      enabled?: boolean;
      scheduleMinutes?: number;
      credential?: Record<string, string>;
    }) => api.patch<Integration>(`/integrations/${id}`, body),
    onSuccess: () => client.invalidateQueries({ queryKey: ['integrations'] }),
  });
}

export function useDeleteIntegration() {
  const invalidate = useInvalidateInventory();
  return useMutation({
    mutationFn: (id: string) => api.delete(`/integrations/${id}`),
    onSuccess: () => invalidate(),
  });
}
