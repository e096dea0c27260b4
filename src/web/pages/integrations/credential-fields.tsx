// The fields of one credential kind, rendered from the connector's field definitions (GET /saas-applications),
// each with its help text and the server's sentence when it refused the value.
import { PasswordInput, Stack, TextInput } from '@mantine/core';
import type { CredentialField } from '../../api/types.ts';

export interface FieldState {
  values: Record<string, string>;
  errors: Record<string, string>;
}

const PLACEHOLDER: Record<string, string> = { tenantUrl: 'https://yourcompany.zendesk.com' };

export function CredentialFields({
  fields,
  state,
  onChange,
  disabled,
}: {
  fields: CredentialField[];
  state: FieldState;
  onChange: (name: string, value: string) => void;
  disabled?: boolean;
}) {
  return (
    <Stack gap="sm">
      {fields.map((f) => {
        const common = {
          label: f.label,
          description: f.help,
          required: f.required,
          disabled,
          value: state.values[f.name] ?? '',
          error: state.errors[f.name],
          name: f.name,
          'data-field': f.name,
          onChange: (e: React.ChangeEvent<HTMLInputElement>) => onChange(f.name, e.currentTarget.value),
        };
        if (f.type === 'secret')
          // Mantine's PasswordInput does not mark its inner input invalid by itself; screen readers need it.
          return (
            <PasswordInput
              key={f.name}
              autoComplete="off"
              aria-invalid={common.error ? true : undefined}
              {...common}
            />
          );
        return (
          <TextInput
            key={f.name}
            type={f.type === 'email' ? 'email' : f.type === 'url' ? 'url' : 'text'}
            autoComplete={f.type === 'email' ? 'email' : 'off'}
            placeholder={PLACEHOLDER[f.name]}
            {...common}
          />
        );
      })}
    </Stack>
  );
}

/** "Connect with Zendesk" needs the OAuth client the admin created; added when the connector's form lacks them. */
export const CONSENT_CLIENT_FIELDS: CredentialField[] = [
  {
    name: 'clientId',
    label: 'OAuth client identifier',
    type: 'text',
    required: true,
    help: 'The “Unique identifier” of the OAuth client whose redirect URL is this server’s /oauth/callback.',
  },
  {
    name: 'clientSecret',
    label: 'Secret',
    type: 'secret',
    required: false,
    help: 'The client’s secret, for a confidential client. Leave it empty for a public client (PKCE only).',
  },
];

/** Required fields left empty, as errors keyed by field name. */
export function missingFields(
  fields: CredentialField[],
  values: Record<string, string>,
): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const f of fields)
    if (f.required && !values[f.name]?.trim()) errors[f.name] = `Enter the ${f.label.toLowerCase()}.`;
  return errors;
}
