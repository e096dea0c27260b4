// The overview's pictures: apps by risk (donut), by kind and by permission category (bars).
import { BarChart, DonutChart } from '@mantine/charts';
import { Card, Group, Stack, Text, Title } from '@mantine/core';
import type { Summary } from '../../api/types.ts';
import { formatNumber } from '../../format.ts';
import { CATEGORIES, KIND_LABEL, KINDS, RISK_COLOR, RISK_LABEL, RISK_LEVELS } from '../../labels.ts';

export function RiskDonut({ s }: { s: Summary }) {
  const data = RISK_LEVELS.map((r) => ({
    name: RISK_LABEL[r],
    value: s.apps.byRisk[r] ?? 0,
    color: `${RISK_COLOR[r]}.6`,
  }));
  return (
    <Card withBorder radius="md" padding="lg" h="100%">
      <Title order={2} fz="md" mb="md">
        Plugins by risk
      </Title>
      <Group justify="center" gap="xl" wrap="wrap">
        <DonutChart
          data={data}
          size={170}
          thickness={26}
          chartLabel={formatNumber(s.apps.total)}
          withTooltip
          tooltipDataSource="segment"
          aria-label="Plugins by risk level"
        />
        <Stack gap={6}>
          {data.map((d) => (
            <Group key={d.name} gap={8} wrap="nowrap">
              <div
                style={{
                  width: 10,
                  height: 10,
                  borderRadius: 2,
                  background: `var(--mantine-color-${d.color.replace('.', '-')})`,
                }}
              />
              <Text fz="sm" w={70}>
                {d.name}
              </Text>
              <Text fz="sm" fw={600}>
                {formatNumber(d.value)}
              </Text>
            </Group>
          ))}
        </Stack>
      </Group>
    </Card>
  );
}

export function KindBars({ s }: { s: Summary }) {
  const data = KINDS.map((k) => ({ kind: KIND_LABEL[k], Plugins: s.apps.byKind[k] ?? 0 }));
  return (
    <Card withBorder radius="md" padding="lg" h="100%">
      <Title order={2} fz="md" mb="md">
        Plugins by kind
      </Title>
      <BarChart
        h={200}
        data={data}
        dataKey="kind"
        series={[{ name: 'Plugins', color: 'blue.6' }]}
        tickLine="none"
        gridAxis="y"
        withBarValueLabel
        aria-label="Plugins by kind"
      />
    </Card>
  );
}

const SHORT: Record<string, string> = {
  'Basic Profile and Presence': 'Profile & presence',
  'Collaboration and Communication': 'Collaboration',
  'Content and Knowledge': 'Content',
  'Directory and App Mgmt': 'Directory & apps',
  'Automation and Integrations': 'Automation (egress)',
  'Security and Compliance': 'Security',
  'Full Account Access': 'Full account access',
  Unknown: 'Unknown',
};

export function CategoryBars({ s }: { s: Summary }) {
  const data = CATEGORIES.map((c) => ({ category: SHORT[c] ?? c, Plugins: s.apps.byCategory[c] ?? 0 }));
  return (
    <Card withBorder radius="md" padding="lg">
      <Title order={2} fz="md" mb={4}>
        Plugins by permission category
      </Title>
      <Text fz="xs" c="dimmed" mb="md">
        An app counts once in every category it holds a scope of.
      </Text>
      <BarChart
        h={280}
        data={data}
        dataKey="category"
        orientation="vertical"
        series={[{ name: 'Plugins', color: 'violet.6' }]}
        yAxisProps={{ width: 140 }}
        gridAxis="x"
        tickLine="none"
        withBarValueLabel
        aria-label="Plugins by permission category"
      />
    </Card>
  );
}
