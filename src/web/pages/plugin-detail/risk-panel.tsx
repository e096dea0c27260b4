// Why a plugin has its risk: level and score (0–100) and each reason with the points it added.
import { Badge, Card, Group, RingProgress, Stack, Table, Text, Title } from '@mantine/core';
import type { AppDetail } from '../../api/types.ts';
import { RISK_COLOR, RISK_LABEL } from '../../labels.ts';

export function RiskPanel({ risk }: { risk: AppDetail['risk'] }) {
  const color = RISK_COLOR[risk.level];
  return (
    <Card withBorder radius="md" padding="lg" h="100%">
      <Title order={2} fz="md" mb="sm">
        Risk
      </Title>
      <Group align="flex-start" wrap="nowrap" gap="lg">
        <RingProgress
          size={108}
          thickness={10}
          roundCaps
          sections={[{ value: risk.score, color }]}
          label={
            <Stack gap={0} align="center">
              <Text fw={700} fz="xl" lh={1}>
                {risk.score}
              </Text>
              <Text fz="xs" c="dimmed">
                of 100
              </Text>
            </Stack>
          }
          aria-label={`Risk score ${risk.score} of 100`}
        />
        <Stack gap={6} style={{ flex: 1, minWidth: 0 }}>
          <Badge color={color} size="lg" variant="filled">
            {RISK_LABEL[risk.level]} risk
          </Badge>
          <Text fz="xs" c="dimmed">
            The score adds up the points below (risk model {risk.model}).
          </Text>
        </Stack>
      </Group>
      <Table mt="md" fz="sm" verticalSpacing={6}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Reason</Table.Th>
            <Table.Th ta="right">Points</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {risk.reasons.map((r) => (
            <Table.Tr key={`${r.code}-${r.message}`}>
              <Table.Td>
                <Text fz="sm">{r.message}</Text>
                <Text fz="xs" c="dimmed" ff="monospace">
                  {r.code}
                </Text>
              </Table.Td>
              <Table.Td ta="right" fw={600}>
                +{r.points}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Card>
  );
}
