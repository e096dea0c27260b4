// First run (/setup?token=…): create the first admin with the one-time token the server printed, then sign in.
import { Alert, Button, Code, PasswordInput, Stack, Text, TextInput } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { Navigate, useNavigate, useSearchParams } from 'react-router-dom';
import { api, errorMessage, setCsrfToken } from '../api/client.ts';
import type { SignedIn } from '../api/types.ts';
import { AuthCard } from './auth-card.tsx';
import { useAuthStatus } from './session.tsx';

const MIN_PASSWORD = 12;

export function SetupPage() {
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const client = useQueryClient();
  const status = useAuthStatus(true);
  const [token, setToken] = useState(params.get('token') ?? '');
  const [name, setName] = useState('');
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [confirm, setConfirm] = useState('');
  const setup = useMutation({
    mutationFn: () => api.post<SignedIn>('/auth/setup', { email, name, password, setupToken: token }),
    onSuccess: (result) => {
      setCsrfToken(result.csrfToken);
      client.clear();
      navigate('/integrations', { replace: true });
    },
  });
  if (status.data && !status.data.setupRequired && !setup.isSuccess) return <Navigate to="/login" replace />;
  const short = password.length > 0 && password.length < MIN_PASSWORD;
  const mismatch = confirm.length > 0 && confirm !== password;
  const ready = token && name && email && password.length >= MIN_PASSWORD && confirm === password;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (ready) setup.mutate();
  };
  return (
    <AuthCard
      title="Set up Grantscope"
      intro="Create the first admin account. Admins connect SaaS tenants and invite others."
    >
      <form onSubmit={submit} noValidate>
        <Stack gap="sm">
          {setup.isError && (
            <Alert color="red" role="alert">
              {errorMessage(setup.error)}
            </Alert>
          )}
          {!params.get('token') && (
            <Text fz="sm">
              Paste the setup token from the <Code>/setup?token=…</Code> URL the server printed when it
              started.
            </Text>
          )}
          {!params.get('token') && (
            <TextInput
              label="Setup token"
              required
              value={token}
              onChange={(e) => setToken(e.currentTarget.value.trim())}
            />
          )}
          <TextInput
            label="Your name"
            autoComplete="name"
            required
            autoFocus
            value={name}
            onChange={(e) => setName(e.currentTarget.value)}
          />
          <TextInput
            label="Email"
            type="email"
            autoComplete="username"
            required
            value={email}
            onChange={(e) => setEmail(e.currentTarget.value)}
          />
          <PasswordInput
            label="Password"
            description={`At least ${MIN_PASSWORD} characters.`}
            autoComplete="new-password"
            required
            value={password}
            error={short ? `Use at least ${MIN_PASSWORD} characters.` : undefined}
            onChange={(e) => setPassword(e.currentTarget.value)}
          />
          <PasswordInput
            label="Confirm password"
            autoComplete="new-password"
            required
            value={confirm}
            error={mismatch ? 'The passwords differ.' : undefined}
            onChange={(e) => setConfirm(e.currentTarget.value)}
          />
          <Button type="submit" loading={setup.isPending} disabled={!ready} mt="xs">
            Create admin and sign in
          </Button>
        </Stack>
      </form>
    </AuthCard>
  );
}
