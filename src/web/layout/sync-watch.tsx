// Follows syncs the admin started (Save, Sync now, the return from "Connect with Zendesk") from any page: polls
// the integration's runs every 2 s, shows "Syncing… usually seconds", then the counts or the failure, once.
import { notifications } from '@mantine/notifications';
import { useQueries } from '@tanstack/react-query';
import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo, useState } from 'react';
import { api } from '../api/client.ts';
import type { Integration, Page, SyncRun } from '../api/types.ts';
import { formatDuration, formatNumber } from '../format.ts';
import { POLL_MS, useInvalidateInventory } from '../pages/integrations/queries.ts';

interface Watch {
  integrationId: string;
  /** The run to follow; null: the newest one (the OAuth callback queues it without telling us its id). */
  runId: string | null;
  label: string;
  /** The credential's standing notice (e.g. API token retirement): every run repeats it, so it is not news. */
  knownNotice?: string;
}

interface SyncWatch {
  watch(w: Watch): void;
  /** The followed run of an integration while it is not finished. */
  pending(integrationId: string): SyncRun | 'queued' | null;
}

const Context = createContext<SyncWatch>({ watch: () => {}, pending: () => null });

export const useSyncWatch = () => useContext(Context);

export function summarizeRun(run: SyncRun): string {
  const s = run.stats;
  const counts = s
    ? `${formatNumber(s.apps)} apps, ${formatNumber(s.grants)} grants, ${formatNumber(s.users)} users`
    : 'Inventory updated';
  return `${counts} in ${formatDuration(run.durationMs)}${s ? ` · ${formatNumber(s.apiCalls)} API calls` : ''}.`;
}

/** The code of an integration's credential notice, if it has one. */
export function noticeCode(i: Integration): string | undefined {
  return (i.credential?.notice as { code?: string } | undefined)?.code;
}

function notifyDone(w: Watch, run: SyncRun) {
  const id = `sync-${w.integrationId}`;
  if (run.status === 'completed') {
    const news = run.warnings.filter((x) => x.code !== w.knownNotice);
    const warned = news.length > 0 ? ` ${news.map((x) => x.message).join(' ')}` : '';
    notifications.update({
      id,
      color: news.length ? 'yellow' : 'green',
      loading: false,
      title: `${w.label}: sync finished`,
      message: `${summarizeRun(run)}${warned}`,
      autoClose: 8000,
      withCloseButton: true,
    });
  } else {
    notifications.update({
      id,
      color: 'red',
      loading: false,
      title: `${w.label}: sync failed`,
      message: run.error?.message ?? 'The sync failed; the previous inventory is kept.',
      autoClose: false,
      withCloseButton: true,
    });
  }
}

export function SyncWatchProvider({ children }: { children: ReactNode }) {
  const [watches, setWatches] = useState<Watch[]>([]);
  const invalidate = useInvalidateInventory();
  const results = useQueries({
    queries: watches.map((w) => ({
      queryKey: ['runs', w.integrationId, 'watch'],
      queryFn: () => api.get<Page<SyncRun>>(`/integrations/${w.integrationId}/runs`, { limit: 5 }),
      refetchInterval: POLL_MS,
      staleTime: 0,
    })),
  });
  const runOf = useCallback(
    (w: Watch, items: SyncRun[] | undefined) => (w.runId ? items?.find((r) => r.id === w.runId) : items?.[0]),
    [],
  );
  useEffect(() => {
    const finished = watches.filter((w, i) => {
      const run = runOf(w, results[i]?.data?.items);
      return run && (run.status === 'completed' || run.status === 'failed');
    });
    if (finished.length === 0) return;
    for (const w of finished) {
      const run = runOf(w, results[watches.indexOf(w)]?.data?.items);
      if (run) notifyDone(w, run);
    }
    setWatches((all) => all.filter((w) => !finished.includes(w)));
    void invalidate();
  }, [results, watches, runOf, invalidate]);
  const value = useMemo<SyncWatch>(
    () => ({
      watch(w) {
        notifications.show({
          id: `sync-${w.integrationId}`,
          loading: true,
          title: `${w.label}: syncing…`,
          message: 'Reading the tenant’s apps, grants and users. Usually seconds.',
          autoClose: false,
          withCloseButton: false,
        });
        setWatches((all) => [...all.filter((x) => x.integrationId !== w.integrationId), w]);
      },
      pending(integrationId) {
        const i = watches.findIndex((w) => w.integrationId === integrationId);
        const w = watches[i];
        if (!w) return null;
        return runOf(w, results[i]?.data?.items) ?? 'queued';
      },
    }),
    [watches, results, runOf],
  );
  return <Context value={value}>{children}</Context>;
}
