// Catches a page that crashed while rendering: the frame and navigation stay, the page says what happened and
// offers a reload, instead of the whole console going blank.
import { Alert, Button, Code, Stack } from '@mantine/core';
import { IconBug } from '@tabler/icons-react';
import { Component, type ErrorInfo, type ReactNode } from 'react';

interface State {
  error: Error | null;
}

export class ErrorBoundary extends Component<{ children: ReactNode; resetKey?: string }, State> {
  override state: State = { error: null };

  static getDerivedStateFromError(error: Error): State {
    return { error };
  }

  override componentDidUpdate(prev: { resetKey?: string }): void {
    // Navigating elsewhere gives the next page its chance.
    if (prev.resetKey !== this.props.resetKey && this.state.error) this.setState({ error: null });
  }

  override componentDidCatch(error: Error, info: ErrorInfo): void {
    console.error('The page crashed:', error, info.componentStack);
  }

  override render(): ReactNode {
    if (!this.state.error) return this.props.children;
    return (
      <Stack maw={640}>
        <Alert color="red" icon={<IconBug />} title="This page hit a bug" role="alert">
          Grantscope could not show this page. Reloading usually helps; if it does not, report the message
          below.
          <Code block mt="sm">
            {this.state.error.message}
          </Code>
        </Alert>
        <Button w="fit-content" onClick={() => window.location.reload()}>
          Reload
        </Button>
      </Stack>
    );
  }
}
