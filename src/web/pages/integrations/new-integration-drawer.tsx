// The New Integration panel: SaaS application → capability → reuse a connected tenant or pick a credential kind
// and fill its fields (from the connector's definitions), with setup guidance beside them; Save verifies.
import {
  Alert,
  Badge,
  Button,
  Checkbox,
  Drawer,
  Grid,
  Group,
  Radio,
  Select,
  Stack,
  Text,
} from '@mantine/core';
import { IconAlertTriangle, IconBrandOauth, IconPlugConnected } from '@tabler/icons-react';
import type { CreatedIntegration, SaasApplication } from '../../api/types.ts';
import { ErrorAlert, LoadingRows } from '../../components/query-state.tsx';
import { SaasLogo } from '../../components/saas-logo.tsx';
import { CREDENTIAL_LABEL } from '../../labels.ts';
import { CredentialFields } from './credential-fields.tsx';
import { useSaasApplications } from './queries.ts';
import { SetupGuidance } from './setup-guidance.tsx';
import { NEW_TENANT, useNewIntegration } from './use-new-integration.ts';

function Form({
  apps,
  onCreated,
  onCancel,
}: {
  apps: SaasApplication[];
  onCreated: (r: CreatedIntegration) => void;
  onCancel: () => void;
}) {
  const f = useNewIntegration(apps, onCreated);
  const consent = f.kindInfo?.enterable === false && !f.reusing;
  const tenants = f.app?.connectedTenants ?? [];
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        f.save();
      }}
      noValidate
    >
      <Grid gap="lg">
        <Grid.Col span={{ base: 12, md: 7 }}>
          <Stack gap="md">
            {f.formError && (
              <Alert color="red" role="alert" icon={<IconAlertTriangle />}>
                {f.formError}
              </Alert>
            )}
            <Select
              label="SaaS application"
              required
              allowDeselect={false}
              data={apps.map((a) => ({ value: a.id, label: a.name }))}
              value={f.saas}
              onChange={(v) => v && f.setSaas(v)}
              leftSection={f.saas ? <SaasLogo saas={f.saas} size={18} /> : undefined}
              error={f.errors.saas}
            />
            <Checkbox.Group
              label="Capability"
              required
              value={f.capabilities}
              onChange={f.setCapabilities}
              error={f.errors.capabilities}
            >
              <Stack gap={6} mt={6}>
                {f.app?.capabilities.map((c) => (
                  <Checkbox
                    key={c.id}
                    value={c.id}
                    label={c.name}
                    description={
                      c.id === 'third_party_apps'
                        ? 'Apps, tokens and webhooks with access to the tenant, and who granted them.'
                        : undefined
                    }
                  />
                ))}
              </Stack>
            </Checkbox.Group>
            {tenants.length > 0 && (
              <Select
                label="Tenant"
                description="A tenant already connected is reused with its stored credential: nothing to enter."
                allowDeselect={false}
                data={[
                  { value: NEW_TENANT, label: 'A new tenant' },
                  ...tenants.map((t) => ({
                    value: t.tenantUrl,
                    label: `${t.tenantUrl} (connected, ${CREDENTIAL_LABEL[t.credentialKind] ?? t.credentialKind})`,
                  })),
                ]}
                value={f.tenant}
                onChange={(v) => v && f.setTenant(v)}
                error={f.errors.tenant}
              />
            )}
            {!f.reusing && (
              <Radio.Group label="Credential" required value={f.kind} onChange={f.setKind}>
                <Stack gap={8} mt={6}>
                  {f.app?.credentialKinds.map((k) => (
                    <Radio.Card key={k.kind} value={k.kind} p="sm" radius="md" aria-label={k.label}>
                      <Group wrap="nowrap" align="flex-start" gap="sm">
                        <Radio.Indicator mt={2} />
                        <div>
                          <Group gap={6}>
                            <Text fz="sm" fw={600}>
                              {k.label.replace(/\s*\(recommended\)/i, '')}
                            </Text>
                            {/recommended/i.test(k.label) && (
                              <Badge size="xs" color="green" variant="light">
                                Recommended
                              </Badge>
                            )}
                            {k.notice && (
                              <Badge size="xs" color="yellow" variant="light">
                                Retiring 2027-04-30
                              </Badge>
                            )}
                          </Group>
                          <Text fz="xs" c="dimmed">
                            {k.description}
                          </Text>
                        </div>
                      </Group>
                    </Radio.Card>
                  ))}
                </Stack>
              </Radio.Group>
            )}
            {!f.reusing && f.kindInfo?.notice && (
              <Alert color="yellow" icon={<IconAlertTriangle />} title="API tokens are being retired">
                <Text fz="sm">{f.kindInfo.notice.message}</Text>
              </Alert>
            )}
            {!f.reusing && (
              <CredentialFields
                fields={f.fields}
                state={{ values: f.values, errors: f.errors }}
                onChange={f.setValue}
                disabled={f.submitting}
              />
            )}
            <Group justify="flex-end" gap="sm" mt="xs">
              <Button variant="default" onClick={onCancel}>
                Cancel
              </Button>
              <Button
                type="submit"
                loading={f.submitting}
                leftSection={consent ? <IconBrandOauth size={16} /> : <IconPlugConnected size={16} />}
              >
                {consent ? 'Connect with Zendesk' : 'Save'}
              </Button>
            </Group>
            {!consent && !f.reusing && (
              <Text fz="xs" c="dimmed" ta="right">
                Save checks the credential with {f.app?.name ?? 'the SaaS'} before storing it.
              </Text>
            )}
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 5 }}>
          <SetupGuidance kind={f.reusing ? '' : f.kind} />
        </Grid.Col>
      </Grid>
    </form>
  );
}

export function NewIntegrationDrawer({
  opened,
  onClose,
  onCreated,
}: {
  opened: boolean;
  onClose: () => void;
  onCreated: (r: CreatedIntegration) => void;
}) {
  const apps = useSaasApplications(opened);
  return (
    <Drawer
      opened={opened}
      onClose={onClose}
      position="right"
      size="min(960px, 100%)"
      title={
        <Text fw={650} fz="lg">
          New Integration
        </Text>
      }
      padding="lg"
    >
      {apps.isPending ? (
        <LoadingRows rows={5} />
      ) : apps.isError ? (
        <ErrorAlert error={apps.error} onRetry={() => apps.refetch()} />
      ) : (
        <Form apps={apps.data.items} onCreated={onCreated} onCancel={onClose} />
      )}
    </Drawer>
  );
}
