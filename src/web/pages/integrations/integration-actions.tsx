// The actions of one integration (admins): Sync now, Edit, Disable or Enable, Delete (after confirmation).
import { ActionIcon, Button, Group, Menu, Tooltip } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import {
  IconDots,
  IconPencil,
  IconPlayerPause,
  IconPlayerPlay,
  IconRefresh,
  IconTrash,
} from '@tabler/icons-react';
import { errorMessage } from '../../api/client.ts';
import type { Integration } from '../../api/types.ts';
import { ConfirmModal } from '../../components/confirm-modal.tsx';
import { noticeCode, useSyncWatch } from '../../layout/sync-watch.tsx';
import { useDeleteIntegration, useSyncNow, useUpdateIntegration } from './queries.ts';

const fail = (title: string) => (error: unknown) =>
  notifications.show({ color: 'red', title, message: errorMessage(error) });

export function IntegrationActions({
  integration,
  busy,
  onEdit,
}: {
  integration: Integration;
  busy: boolean;
  onEdit: () => void;
}) {
  const [confirming, confirm] = useDisclosure(false);
  const sync = useSyncNow();
  const update = useUpdateIntegration();
  const remove = useDeleteIntegration();
  const { watch } = useSyncWatch();
  const name = integration.name;
  const syncNow = () =>
    sync.mutate(integration.id, {
      onSuccess: (r) => {
        const knownNotice = noticeCode(integration);
        watch({
          integrationId: integration.id,
          runId: r.runId,
          label: name,
          ...(knownNotice && { knownNotice }),
        });
      },
      onError: fail(`${name}: the sync could not start`),
    });
  const toggle = () =>
    update.mutate(
      { id: integration.id, enabled: !integration.enabled },
      {
        onSuccess: (i) =>
          notifications.show({
            color: 'green',
            message: `${name} is ${i.enabled ? 'enabled: it syncs on its schedule again' : 'disabled: it no longer syncs'}.`,
          }),
        onError: fail(`${name} could not be changed`),
      },
    );
  const doDelete = () =>
    remove.mutate(integration.id, {
      onSuccess: () => {
        confirm.close();
        notifications.show({ color: 'green', message: `${name} is deleted, with its inventory.` });
      },
      onError: fail(`${name} could not be deleted`),
    });
  return (
    <Group gap={4} wrap="nowrap" justify="flex-end" onClick={(e) => e.stopPropagation()}>
      <Tooltip label={integration.enabled ? 'Sync now' : 'Enable it to sync'}>
        <Button
          size="xs"
          variant="light"
          leftSection={<IconRefresh size={14} />}
          loading={sync.isPending || busy}
          disabled={!integration.enabled}
          onClick={syncNow}
          aria-label={`Sync ${name} now`}
        >
          Sync now
        </Button>
      </Tooltip>
      <Menu position="bottom-end" withinPortal>
        <Menu.Target>
          <ActionIcon variant="subtle" color="gray" aria-label={`More actions for ${name}`}>
            <IconDots size={18} />
          </ActionIcon>
        </Menu.Target>
        <Menu.Dropdown>
          <Menu.Item leftSection={<IconPencil size={16} />} onClick={onEdit}>
            Edit
          </Menu.Item>
          <Menu.Item
            leftSection={integration.enabled ? <IconPlayerPause size={16} /> : <IconPlayerPlay size={16} />}
            onClick={toggle}
          >
            {integration.enabled ? 'Disable' : 'Enable'}
          </Menu.Item>
          <Menu.Divider />
          <Menu.Item color="red" leftSection={<IconTrash size={16} />} onClick={confirm.open}>
            Delete
          </Menu.Item>
        </Menu.Dropdown>
      </Menu>
      <ConfirmModal
        opened={confirming}
        title={`Delete ${name}?`}
        confirmLabel="Delete integration"
        loading={remove.isPending}
        onConfirm={doDelete}
        onClose={confirm.close}
      >
        Grantscope forgets this tenant’s apps, grants and users, and (if no other integration uses it) its
        stored credential. Nothing changes in Zendesk. You can connect the tenant again later.
      </ConfirmModal>
    </Group>
  );
}
