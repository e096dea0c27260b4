// API keys (admins): for scripts and SIEM pulls; a new key is shown once with a copy button, revoking is instant.
import {
  Alert,
  Badge,
  Button,
  Code,
  CopyButton,
  Group,
  Modal,
  Select,
  Stack,
  Table,
  Text,
  TextInput,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconKey, IconPlus } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api, errorMessage } from '../../api/client.ts';
import type { ApiKey, CreatedApiKey, Page, Role } from '../../api/types.ts';
import { ConfirmModal } from '../../components/confirm-modal.tsx';
import { ErrorAlert, LoadingRows } from '../../components/query-state.tsx';
import { TimeText } from '../../components/time-text.tsx';

function CreateKey({ onCreated }: { onCreated: (k: CreatedApiKey) => void }) {
  const client = useQueryClient();
  const [name, setName] = useState('');
  const [role, setRole] = useState<Role>('viewer');
  const create = useMutation({
    mutationFn: () => api.post<CreatedApiKey>('/api-keys', { name, role }),
    onSuccess: (k) => {
      setName('');
      void client.invalidateQueries({ queryKey: ['api-keys'] });
      onCreated(k);
    },
  });
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        create.mutate();
      }}
    >
      <Group align="flex-end" gap="sm">
        <TextInput
          label="New key name"
          placeholder="e.g. SIEM export"
          value={name}
          onChange={(e) => setName(e.currentTarget.value)}
          w={{ base: '100%', sm: 240 }}
        />
        <Select
          label="Role"
          data={['viewer', 'admin']}
          value={role}
          onChange={(v) => v && setRole(v as Role)}
          allowDeselect={false}
          w={120}
        />
        <Button
          type="submit"
          leftSection={<IconPlus size={14} />}
          loading={create.isPending}
          disabled={!name.trim()}
        >
          Create key
        </Button>
      </Group>
      {create.isError && (
        <Alert color="red" mt="sm" role="alert">
          {errorMessage(create.error)}
        </Alert>
      )}
    </form>
  );
}

export function ApiKeysTab() {
  const client = useQueryClient();
  const [shown, setShown] = useState<CreatedApiKey | null>(null);
  const [revoking, setRevoking] = useState<ApiKey | null>(null);
  const keys = useQuery({ queryKey: ['api-keys'], queryFn: () => api.get<Page<ApiKey>>('/api-keys') });
  const revoke = useMutation({
    mutationFn: (id: string) => api.delete(`/api-keys/${id}`),
    onSuccess: () => {
      setRevoking(null);
      void client.invalidateQueries({ queryKey: ['api-keys'] });
      notifications.show({
        color: 'green',
        message: 'The key is revoked: requests with it are refused from now on.',
      });
    },
    onError: (e) => notifications.show({ color: 'red', message: errorMessage(e) }),
  });
  return (
    <Stack>
      <Text fz="sm" c="dimmed">
        Send a key as <Code>Authorization: Bearer &lt;key&gt;</Code>. Grantscope keeps only its hash.
      </Text>
      <CreateKey onCreated={setShown} />
      {keys.isPending ? (
        <LoadingRows rows={3} />
      ) : keys.isError ? (
        <ErrorAlert error={keys.error} />
      ) : keys.data.items.length === 0 ? (
        <Text fz="sm" c="dimmed">
          No API keys yet.
        </Text>
      ) : (
        <Table.ScrollContainer minWidth={640}>
          <Table fz="sm" verticalSpacing={8} aria-label="API keys">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Name</Table.Th>
                <Table.Th>Prefix</Table.Th>
                <Table.Th>Role</Table.Th>
                <Table.Th>Created</Table.Th>
                <Table.Th>Last used</Table.Th>
                <Table.Th />
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {keys.data.items.map((k) => (
                <Table.Tr key={k.id} style={{ opacity: k.revokedAt ? 0.55 : 1 }}>
                  <Table.Td>{k.name}</Table.Td>
                  <Table.Td>
                    <Code>{k.prefix}…</Code>
                  </Table.Td>
                  <Table.Td>
                    <Badge variant="light" color={k.role === 'admin' ? 'blue' : 'gray'}>
                      {k.role}
                    </Badge>
                  </Table.Td>
                  <Table.Td>
                    <TimeText iso={k.createdAt} />
                  </Table.Td>
                  <Table.Td>
                    <TimeText iso={k.lastUsedAt} fallback="never" />
                  </Table.Td>
                  <Table.Td ta="right">
                    {k.revokedAt ? (
                      <Badge color="red" variant="light">
                        revoked
                      </Badge>
                    ) : (
                      <Button size="compact-xs" color="red" variant="light" onClick={() => setRevoking(k)}>
                        Revoke
                      </Button>
                    )}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      <Modal
        opened={shown !== null}
        onClose={() => setShown(null)}
        title="Your new API key"
        closeOnClickOutside={false}
      >
        <Stack>
          <Alert color="yellow" icon={<IconKey />}>
            Copy it now: it is shown this once and cannot be retrieved later.
          </Alert>
          <Code block className="gs-mono" data-testid="new-api-key">
            {shown?.key}
          </Code>
          <Group justify="flex-end">
            <CopyButton value={shown?.key ?? ''}>
              {({ copied, copy }) => (
                <Button onClick={copy} color={copied ? 'teal' : 'blue'}>
                  {copied ? 'Copied' : 'Copy key'}
                </Button>
              )}
            </CopyButton>
            <Button variant="default" onClick={() => setShown(null)}>
              Done
            </Button>
          </Group>
        </Stack>
      </Modal>
      <ConfirmModal
        opened={revoking !== null}
        title={`Revoke ${revoking?.name ?? ''}?`}
        confirmLabel="Revoke key"
        loading={revoke.isPending}
        onConfirm={() => revoking && revoke.mutate(revoking.id)}
        onClose={() => setRevoking(null)}
      >
        Scripts using this key stop working immediately. This cannot be undone.
      </ConfirmModal>
    </Stack>
  );
}
