// Accounts of this Grantscope server (admins): who can sign in, with which role; add, change role, disable, delete.
import {
  ActionIcon,
  Alert,
  Badge,
  Button,
  Group,
  Menu,
  Modal,
  PasswordInput,
  Select,
  Stack,
  Table,
  Text,
  TextInput,
} from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { IconDots, IconPlus } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api, errorMessage } from '../../api/client.ts';
import type { Account, Page, Role } from '../../api/types.ts';
import { useSession } from '../../auth/session.tsx';
import { ErrorAlert, LoadingRows } from '../../components/query-state.tsx';
import { TimeText } from '../../components/time-text.tsx';

function NewAccountModal({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  const client = useQueryClient();
  const [form, setForm] = useState({ name: '', email: '', role: 'viewer' as Role, password: '' });
  const create = useMutation({
    mutationFn: () => api.post<Account>('/accounts', form),
    onSuccess: (a) => {
      notifications.show({ color: 'green', message: `${a.email} can now sign in as ${a.role}.` });
      void client.invalidateQueries({ queryKey: ['accounts'] });
      setForm({ name: '', email: '', role: 'viewer', password: '' });
      onClose();
    },
  });
  const set = (k: keyof typeof form) => (e: React.ChangeEvent<HTMLInputElement>) => {
    // Read now: React clears currentTarget once the handler returns, before the updater runs.
    const value = e.currentTarget.value;
    setForm((f) => ({ ...f, [k]: value }));
  };
  return (
    <Modal opened={opened} onClose={onClose} title="Add an account">
      <form
        onSubmit={(e) => {
          e.preventDefault();
          create.mutate();
        }}
      >
        <Stack>
          {create.isError && (
            <Alert color="red" role="alert">
              {errorMessage(create.error)}
            </Alert>
          )}
          <TextInput label="Name" required value={form.name} onChange={set('name')} />
          <TextInput label="Email" type="email" required value={form.email} onChange={set('email')} />
          <Select
            label="Role"
            data={[
              { value: 'viewer', label: 'Viewer: sees everything, changes nothing' },
              { value: 'admin', label: 'Admin: connects tenants, manages accounts' },
            ]}
            value={form.role}
            onChange={(v) => v && setForm((f) => ({ ...f, role: v as Role }))}
            allowDeselect={false}
          />
          <PasswordInput
            label="Initial password"
            description="At least 12 characters; tell it to them in person or by another channel."
            required
            value={form.password}
            onChange={set('password')}
            autoComplete="new-password"
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button
              type="submit"
              loading={create.isPending}
              disabled={!form.name || !form.email || form.password.length < 12}
            >
              Add account
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

export function AccountsTab() {
  const { me } = useSession();
  const client = useQueryClient();
  const [adding, add] = useDisclosure(false);
  const accounts = useQuery({ queryKey: ['accounts'], queryFn: () => api.get<Page<Account>>('/accounts') });
  const change = useMutation({
    mutationFn: ({ id, ...body }: { id: string; role?: Role; disabled?: boolean }) =>
      api.patch<Account>(`/accounts/${id}`, body),
    onSuccess: () => client.invalidateQueries({ queryKey: ['accounts'] }),
    onError: (e) => notifications.show({ color: 'red', message: errorMessage(e) }),
  });
  const remove = useMutation({
    mutationFn: (id: string) => api.delete(`/accounts/${id}`),
    onSuccess: () => client.invalidateQueries({ queryKey: ['accounts'] }),
    onError: (e) => notifications.show({ color: 'red', message: errorMessage(e) }),
  });
  if (accounts.isPending) return <LoadingRows rows={3} />;
  if (accounts.isError) return <ErrorAlert error={accounts.error} onRetry={() => accounts.refetch()} />;
  return (
    <Stack>
      <Group justify="space-between">
        <Text fz="sm" c="dimmed">
          People who can sign in to this Grantscope server.
        </Text>
        <Button size="xs" leftSection={<IconPlus size={14} />} onClick={add.open}>
          Add account
        </Button>
      </Group>
      <Table.ScrollContainer minWidth={640}>
        <Table fz="sm" verticalSpacing={8} aria-label="Accounts">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Name</Table.Th>
              <Table.Th>Role</Table.Th>
              <Table.Th>Last sign-in</Table.Th>
              <Table.Th>Created</Table.Th>
              <Table.Th />
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {accounts.data.items.map((a) => (
              <Table.Tr key={a.id}>
                <Table.Td>
                  <Text fz="sm" fw={500} component="div">
                    {a.name}{' '}
                    {a.id === me.id && (
                      <Badge size="xs" variant="light">
                        you
                      </Badge>
                    )}
                  </Text>
                  <Text fz="xs" c="dimmed">
                    {a.email}
                  </Text>
                </Table.Td>
                <Table.Td>
                  <Badge variant="light" color={a.role === 'admin' ? 'blue' : 'gray'}>
                    {a.role}
                  </Badge>{' '}
                  {a.disabled && (
                    <Badge variant="light" color="red">
                      disabled
                    </Badge>
                  )}
                </Table.Td>
                <Table.Td>
                  <TimeText iso={a.lastLoginAt} fallback="never" />
                </Table.Td>
                <Table.Td>
                  <TimeText iso={a.createdAt} />
                </Table.Td>
                <Table.Td ta="right">
                  <Menu position="bottom-end">
                    <Menu.Target>
                      <ActionIcon variant="subtle" color="gray" aria-label={`Actions for ${a.email}`}>
                        <IconDots size={16} />
                      </ActionIcon>
                    </Menu.Target>
                    <Menu.Dropdown>
                      <Menu.Item
                        onClick={() =>
                          change.mutate({ id: a.id, role: a.role === 'admin' ? 'viewer' : 'admin' })
                        }
                      >
                        Make {a.role === 'admin' ? 'viewer' : 'admin'}
                      </Menu.Item>
                      <Menu.Item onClick={() => change.mutate({ id: a.id, disabled: !a.disabled })}>
                        {a.disabled ? 'Enable' : 'Disable'}
                      </Menu.Item>
                      <Menu.Divider />
                      <Menu.Item color="red" disabled={a.id === me.id} onClick={() => remove.mutate(a.id)}>
                        Delete
                      </Menu.Item>
                    </Menu.Dropdown>
                  </Menu>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      <NewAccountModal opened={adding} onClose={add.close} />
    </Stack>
  );
}
