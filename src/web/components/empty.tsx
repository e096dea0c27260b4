// An empty state that says what to do next ("No integrations yet — click New to connect Zendesk").
import { EmptyState, Paper } from '@mantine/core';
import type { ReactNode } from 'react';

export function Empty({
  icon,
  title,
  description,
  action,
}: {
  icon: ReactNode;
  title: string;
  description: ReactNode;
  action?: ReactNode;
}) {
  return (
    <Paper withBorder radius="md" py="xl" px="md">
      <EmptyState icon={icon} title={title} description={description} variant="light">
        {action && <EmptyState.Actions>{action}</EmptyState.Actions>}
      </EmptyState>
    </Paper>
  );
}
