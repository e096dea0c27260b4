// Sign in with email and password; on success the session cookie is set and the console opens where it was asked.
import { Alert, Button, PasswordInput, Stack, TextInput } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { Navigate, useNavigate, useSearchParams } from 'react-router-dom';
import { api, errorMessage, setCsrfToken } from '../api/client.ts';
import type { SignedIn } from '../api/types.ts';
import { AuthCard } from './auth-card.tsx';
import { useAuthStatus } from './session.tsx';

/** Only a path of this console: never another origin from a crafted link. */
export function safeNext(next: string | null): string {
  return next?.startsWith('/') && !next.startsWith('//') ? next : '/';
}

export function LoginPage() {
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const client = useQueryClient();
  const status = useAuthStatus(true);
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const login = useMutation({
    mutationFn: () => api.post<SignedIn>('/auth/login', { email, password }),
    onSuccess: async (result) => {
      setCsrfToken(result.csrfToken);
      client.clear();
      navigate(safeNext(params.get('next')), { replace: true });
    },
  });
  if (status.data?.setupRequired) return <Navigate to="/setup" replace />;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    login.mutate();
  };
  return (
    <AuthCard title="Sign in" intro="Use the account an admin of this Grantscope server gave you.">
      <form onSubmit={submit} noValidate>
        <Stack gap="sm">
          {login.isError && (
            <Alert color="red" role="alert">
              {errorMessage(login.error)}
            </Alert>
          )}
          <TextInput
            label="Email"
            type="email"
            autoComplete="username"
            required
            autoFocus
            value={email}
            onChange={(e) => setEmail(e.currentTarget.value)}
          />
          <PasswordInput
            label="Password"
            autoComplete="current-password"
            required
            value={password}
            onChange={(e) => setPassword(e.currentTarget.value)}
          />
          <Button type="submit" loading={login.isPending} disabled={!email || !password} mt="xs">
            Sign in
          </Button>
        </Stack>
      </form>
    </AuthCard>
  );
}
