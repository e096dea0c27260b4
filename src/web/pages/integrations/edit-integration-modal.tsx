// Edit an integration: its name, how often it syncs, and (optionally) a replacement credential of the same kind,
// verified by the server before it is saved.
import { Alert, Button, Divider, Group, Modal, Select, Stack, Switch, Text, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState } from 'react';
import { ApiError, errorMessage } from '../../api/client.ts';
import type { Integration } from '../../api/types.ts';
import { CredentialFields, missingFields } from './credential-fields.tsx';
import { useSaasApplications, useUpdateIntegration } from './queries.ts';

const SCHEDULES = [
  { value: '15', label: 'Every 15 minutes' },
  { value: '60', label: 'Every hour' },
  { value: '360', label: 'Every 6 hours' },
  { value: '1440', label: 'Every day' },
];

function Body({ integration, onClose }: { integration: Integration; onClose: () => void }) {
  const apps = useSaasApplications();
  const update = useUpdateIntegration();
  const kind = String(integration.credential?.kind ?? '');
  const kindInfo = apps.data?.items
    .find((a) => a.id === integration.saas)
    ?.credentialKinds.find((k) => k.kind === kind);
  const fields = (kindInfo?.enterable ? kindInfo.fields : []).filter((f) => f.name !== 'tenantUrl');
  const [name, setName] = useState(integration.name);
  const [schedule, setSchedule] = useState(String(integration.scheduleMinutes));
  const [replace, setReplace] = useState(false);
  const [values, setValues] = useState<Record<string, string>>({});
  const [errors, setErrors] = useState<Record<string, string>>({});
  const schedules = SCHEDULES.some((s) => s.value === schedule)
    ? SCHEDULES
    : [...SCHEDULES, { value: schedule, label: `Every ${schedule} minutes` }];
  const save = () => {
    const missing = replace ? missingFields(fields, values) : {};
    setErrors(missing);
    if (Object.keys(missing).length) return;
    update.mutate(
      {
        id: integration.id,
        name: name.trim(),
        scheduleMinutes: Number(schedule),
        ...(replace && { credential: { kind, ...values } }),
      },
      {
        onSuccess: () => {
          notifications.show({ color: 'green', message: `${name.trim()} is saved.` });
          onClose();
        },
        onError: (e) => {
          const field = e instanceof ApiError ? e.field?.replace(/^credential\./, '') : undefined;
          if (field && fields.some((f) => f.name === field)) setErrors({ [field]: errorMessage(e) });
        },
      },
    );
  };
  const fieldError = update.error instanceof ApiError && update.error.field?.replace(/^credential\./, '');
  return (
    <Stack>
      {update.isError && !(fieldError && errors[fieldError]) && (
        <Alert color="red" role="alert">
          {errorMessage(update.error)}
        </Alert>
      )}
      <TextInput label="Name" required value={name} onChange={(e) => setName(e.currentTarget.value)} />
      <Select
        label="Sync schedule"
        data={schedules}
        value={schedule}
        onChange={(v) => v && setSchedule(v)}
        allowDeselect={false}
      />
      <Divider />
      {fields.length > 0 ? (
        <>
          <Switch
            label="Replace the credential"
            description="For a rotated token or secret. It is verified before it is saved."
            checked={replace}
            onChange={(e) => setReplace(e.currentTarget.checked)}
          />
          {replace && (
            <CredentialFields
              fields={fields}
              state={{ values, errors }}
              onChange={(n, v) => setValues((x) => ({ ...x, [n]: v }))}
            />
          )}
        </>
      ) : (
        <Text fz="sm" c="dimmed">
          This credential came from “Connect with Zendesk”: to replace it, delete the integration and connect
          again.
        </Text>
      )}
      <Group justify="flex-end">
        <Button variant="default" onClick={onClose}>
          Cancel
        </Button>
        <Button onClick={save} loading={update.isPending} disabled={!name.trim()}>
          Save
        </Button>
      </Group>
    </Stack>
  );
}

export function EditIntegrationModal({
  integration,
  onClose,
}: {
  integration: Integration | null;
  onClose: () => void;
}) {
  return (
    <Modal
      opened={integration !== null}
      onClose={onClose}
      title={`Edit ${integration?.name ?? ''}`}
      size="lg"
    >
      {integration && <Body integration={integration} onClose={onClose} />}
    </Modal>
  );
}
