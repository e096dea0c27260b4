// State and submission of the New Integration form: SaaS, capabilities, a connected tenant to reuse or a new
// credential, and the server's answer mapped back onto the field it names.
import { useMutation } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { ApiError, api } from '../../api/client.ts';
import type { CreatedIntegration, CredentialField, SaasApplication } from '../../api/types.ts';
import { CONSENT_CLIENT_FIELDS, missingFields } from './credential-fields.tsx';

export const NEW_TENANT = '__new__';

/** The fields to show for a kind: the connector's, plus the OAuth client a consent flow needs. */
export function fieldsOf(app: SaasApplication | undefined, kind: string): CredentialField[] {
  const k = app?.credentialKinds.find((c) => c.kind === kind);
  if (!k) return [];
  if (k.enterable) return k.fields;
  const names = new Set(k.fields.map((f) => f.name));
  return [...k.fields, ...CONSENT_CLIENT_FIELDS.filter((f) => !names.has(f.name))];
}

export function useNewIntegration(apps: SaasApplication[], onCreated: (r: CreatedIntegration) => void) {
  const first = apps[0];
  const [saas, setSaasId] = useState(first?.id ?? '');
  const app = apps.find((a) => a.id === saas);
  const [capabilities, setCapabilities] = useState<string[]>(first?.capabilities.map((c) => c.id) ?? []);
  const [tenant, setTenant] = useState(NEW_TENANT);
  const [kind, setKind] = useState(first?.credentialKinds[0]?.kind ?? '');
  const [values, setValues] = useState<Record<string, string>>({});
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string | null>(null);

  const setSaas = (id: string) => {
    const next = apps.find((a) => a.id === id);
    setSaasId(id);
    setCapabilities(next?.capabilities.map((c) => c.id) ?? []);
    setKind(next?.credentialKinds[0]?.kind ?? '');
    setTenant(NEW_TENANT);
    setErrors({});
  };

  const kindInfo = app?.credentialKinds.find((k) => k.kind === kind);
  const fields = useMemo(() => fieldsOf(app, kind), [app, kind]);
  const reusing = tenant !== NEW_TENANT;

  const setValue = (name: string, value: string) => {
    setValues((v) => ({ ...v, [name]: value }));
    setErrors(({ [name]: _, ...rest }) => rest);
  };

  const showError = (error: unknown) => {
    if (!(error instanceof ApiError))
      return setFormError(error instanceof Error ? error.message : String(error));
    const field = error.field?.replace(/^credential\./, '');
    const target = field === 'tenantUrl' && reusing ? 'tenant' : field;
    if (
      target &&
      (fields.some((f) => f.name === target) || ['capabilities', 'saas', 'tenant'].includes(target))
    ) {
      setErrors({ [target]: error.message });
      setFormError(null);
    } else setFormError(error.message);
  };

  const submit = useMutation({
    mutationFn: async (): Promise<CreatedIntegration | null> => {
      if (reusing)
        return api.post<CreatedIntegration>('/integrations', { saas, capabilities, tenantUrl: tenant });
      const credential = Object.fromEntries(
        fields.map((f) => [f.name, values[f.name]?.trim() ?? '']).filter(([, v]) => v !== ''),
      );
      if (kindInfo && !kindInfo.enterable) {
        const started = await api.post<{ authorizeUrl: string }>('/integrations/oauth/start', {
          saas,
          capabilities,
          ...credential,
        });
        window.location.assign(started.authorizeUrl);
        return null;
      }
      return api.post<CreatedIntegration>('/integrations', {
        saas,
        capabilities,
        credential: { kind, ...credential },
      });
    },
    onMutate: () => setFormError(null),
    onSuccess: (r) => {
      if (r) onCreated(r);
    },
    onError: showError,
  });

  const save = () => {
    const missing = reusing ? {} : missingFields(fields, values);
    if (capabilities.length === 0) missing.capabilities = 'Choose at least one capability.';
    setErrors(missing);
    if (Object.keys(missing).length === 0) submit.mutate();
  };

  return {
    saas,
    setSaas,
    app,
    capabilities,
    setCapabilities,
    tenant,
    setTenant,
    reusing,
    kind,
    setKind,
    kindInfo,
    fields,
    values,
    setValue,
    errors,
    formError,
    save,
    submitting: submit.isPending || (submit.isSuccess && submit.data === null),
  };
}
