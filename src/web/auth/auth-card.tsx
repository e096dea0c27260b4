// The centred card that holds the sign-in and first-run setup forms.
import { Center, Paper, Stack, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';
import { Brand } from '../components/brand.tsx';

export function AuthCard({
  title,
  intro,
  children,
}: {
  title: string;
  intro: ReactNode;
  children: ReactNode;
}) {
  return (
    <Center mih="100vh" p="md" bg="var(--mantine-color-body)">
      <Stack w="100%" maw={420} gap="lg">
        <Center>
          <Brand />
        </Center>
        <Paper withBorder shadow="sm" p="xl" radius="md">
          <Stack gap="md">
            <div>
              <Title order={1} fz="h3">
                {title}
              </Title>
              <Text c="dimmed" fz="sm" mt={4}>
                {intro}
              </Text>
            </div>
            {children}
          </Stack>
        </Paper>
      </Stack>
    </Center>
  );
}
