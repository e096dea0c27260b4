// Users: the people in the SaaS tenants who authorized apps, the riskiest first, searchable and paged.
import { Button, Paper, Table, TextInput } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { IconSearch, IconUsers } from '@tabler/icons-react';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { Link, useLocation, useNavigate, useSearchParams } from 'react-router-dom';
import { api } from '../../api/client.ts';
import type { Page, SaasUserItem } from '../../api/types.ts';
import { Empty } from '../../components/empty.tsx';
import { PageHeader } from '../../components/page-header.tsx';
import { ErrorAlert, LoadingRows } from '../../components/query-state.tsx';
import { RiskBadge } from '../../components/risk-badge.tsx';
import { formatNumber } from '../../format.ts';
import { Pager } from '../plugins/pager.tsx';

export function UsersPage() {
  const [params, setParams] = useSearchParams();
  const navigate = useNavigate();
  const prev = ((useLocation().state as { prev?: (string | null)[] } | null)?.prev ?? []) as (
    | string
    | null
  )[];
  const q = params.get('q') ?? '';
  const cursor = params.get('cursor');
  const page = Math.max(1, Number(params.get('page')) || 1);
  const limit = Number(params.get('limit')) || 50;
  const [text, setText] = useState(q);
  const [debounced] = useDebouncedValue(text, 300);
  // biome-ignore lint/correctness/useExhaustiveDependencies: the debounced text drives the URL
  useEffect(() => {
    if (debounced !== q) setParams(debounced ? { q: debounced } : {}, { replace: true });
  }, [debounced]);
  const query = { q: q || null, cursor, limit };
  const users = useQuery({
    queryKey: ['users', query],
    queryFn: () => api.get<Page<SaasUserItem>>('/users', query),
    placeholderData: keepPreviousData,
  });
  const go = (next: { cursor: string | null; page: number; limit?: number }, stack: (string | null)[]) => {
    const p = new URLSearchParams(params);
    for (const [k, v] of Object.entries({
      cursor: next.cursor,
      page: next.page > 1 ? String(next.page) : null,
      limit: next.limit ? String(next.limit) : params.get('limit'),
    })) {
      if (v) p.set(k, v);
      else p.delete(k);
    }
    setParams(p, { state: { prev: stack } });
  };
  let body: React.ReactNode;
  if (users.isPending) body = <LoadingRows rows={10} />;
  else if (users.isError) body = <ErrorAlert error={users.error} onRetry={() => users.refetch()} />;
  else if (users.data.items.length === 0)
    body = (
      <Empty
        icon={<IconUsers />}
        title={q ? 'No user matches this search' : 'No users yet'}
        description={q ? 'Search by name, email or SaaS id.' : 'Users appear once an integration has synced.'}
        action={
          q ? undefined : (
            <Button component={Link} to="/integrations" variant="light">
              Go to Integrations
            </Button>
          )
        }
      />
    );
  else
    body = (
      <>
        <Paper withBorder radius="md" style={{ opacity: users.isPlaceholderData ? 0.6 : 1 }}>
          <Table.ScrollContainer minWidth={760}>
            <table className="gs-table" aria-label="SaaS users">
              <thead>
                <tr>
                  <th>User</th>
                  <th>Role</th>
                  <th>Highest risk app</th>
                  <th className="gs-num">Apps authorized</th>
                  <th>Status</th>
                </tr>
              </thead>
              <tbody>
                {users.data.items.map((u) => (
                  <tr
                    key={u.id}
                    className="gs-row-clickable"
                    onClick={() => navigate(`/users/${encodeURIComponent(u.id)}`)}
                  >
                    <td>
                      <Link
                        to={`/users/${encodeURIComponent(u.id)}`}
                        className="gs-link"
                        onClick={(e) => e.stopPropagation()}
                      >
                        {u.name ?? `User ${u.saasId}`}
                      </Link>
                      <div className="gs-sub">{u.email ?? `id ${u.saasId}`}</div>
                    </td>
                    <td>{u.role ?? '—'}</td>
                    <td>
                      {u.highestRisk ? (
                        <RiskBadge level={u.highestRisk.level} score={u.highestRisk.score} />
                      ) : (
                        <span className="gs-sub">none</span>
                      )}
                    </td>
                    <td className="gs-num">{formatNumber(u.appCount)}</td>
                    <td>
                      {u.suspended ? (
                        <span className="gs-badge" data-color="red">
                          suspended
                        </span>
                      ) : u.active === false ? (
                        <span className="gs-badge" data-color="gray">
                          inactive
                        </span>
                      ) : (
                        <span className="gs-sub">active</span>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </Table.ScrollContainer>
        </Paper>
        <Pager
          page={page}
          limit={limit}
          count={users.data.items.length}
          hasNext={Boolean(users.data.nextCursor)}
          onNext={() =>
            users.data.nextCursor && go({ cursor: users.data.nextCursor, page: page + 1 }, [...prev, cursor])
          }
          onPrev={() =>
            go({ cursor: prev.at(-1) ?? null, page: prev.length ? page - 1 : 1 }, prev.slice(0, -1))
          }
          onLimit={(n) => go({ cursor: null, page: 1, limit: Number(n) }, [])}
        />
      </>
    );
  return (
    <>
      <PageHeader
        title="Users"
        description="People in your SaaS tenants and the apps each authorized, highest risk first."
      />
      <TextInput
        aria-label="Search users"
        placeholder="Search name, email or SaaS id"
        leftSection={<IconSearch size={16} />}
        value={text}
        onChange={(e) => setText(e.currentTarget.value)}
        w={{ base: '100%', sm: 320 }}
        mb="md"
      />
      {body}
    </>
  );
}
