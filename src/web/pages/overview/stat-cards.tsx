// The overview's headline numbers, each linking to the list it counts.
import { Card, SimpleGrid, Text, UnstyledButton } from '@mantine/core';
import { Link } from 'react-router-dom';
import type { Summary } from '../../api/types.ts';
import { formatNumber } from '../../format.ts';

interface Stat {
  label: string;
  value: number;
  hint: string;
  to: string;
  color?: string;
}

export function StatCards({ s }: { s: Summary }) {
  const risky = s.apps.byRisk.critical + s.apps.byRisk.high;
  const stats: Stat[] = [
    { label: 'Plugins', value: s.apps.total, hint: 'apps, tokens and webhooks', to: '/plugins' },
    {
      label: 'Critical or high risk',
      value: risky,
      hint: `${formatNumber(s.apps.byRisk.critical)} critical`,
      to: '/plugins?risk=critical,high',
      color: risky ? 'red' : undefined,
    },
    {
      label: 'New this week',
      value: s.newAppsLast7Days.count,
      hint: 'first seen in the last 7 days',
      to: '/plugins?sort=firstSeen',
    },
    {
      label: 'Stale grants',
      value: s.staleGrants,
      hint: `of ${formatNumber(s.grants)} grants, long unused`,
      to: '/plugins?stale=true',
      color: s.staleGrants ? 'orange' : undefined,
    },
    { label: 'Users with access', value: s.users, hint: 'people in the tenants', to: '/users' },
  ];
  return (
    <SimpleGrid cols={{ base: 2, sm: 3, lg: 5 }} spacing="md" mb="lg">
      {stats.map((x) => (
        <UnstyledButton
          key={x.label}
          component={Link}
          to={x.to}
          className="gs-focus-ring"
          aria-label={`${x.label}: ${x.value}`}
        >
          <Card withBorder radius="md" padding="md" h="100%">
            <Text fz="xs" c="dimmed" tt="uppercase" fw={600}>
              {x.label}
            </Text>
            <Text fz={28} fw={700} c={x.color} lh={1.3}>
              {formatNumber(x.value)}
            </Text>
            <Text fz="xs" c="dimmed">
              {x.hint}
            </Text>
          </Card>
        </UnstyledButton>
      ))}
    </SimpleGrid>
  );
}
