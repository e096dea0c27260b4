// The Mantine theme: system fonts (nothing fetched from elsewhere, the CSP allows only this origin), a visible
// focus ring on every control for keyboard users, and dimmed text dark enough for WCAG AA contrast.
import { type CSSVariablesResolver, createTheme } from '@mantine/core';

export const theme = createTheme({
  primaryColor: 'blue',
  defaultRadius: 'md',
  focusRing: 'auto',
  cursorType: 'pointer',
  headings: { fontWeight: '650' },
  components: {
    Tooltip: { defaultProps: { withArrow: true, multiline: true, maw: 320 } },
  },
});

// Mantine's default dimmed grey is about 3.5:1 on white and on its dark background; small print needs 4.5:1.
export const cssVariablesResolver: CSSVariablesResolver = () => ({
  variables: {},
  light: { '--mantine-color-dimmed': 'var(--mantine-color-gray-7)' },
  dark: { '--mantine-color-dimmed': 'var(--mantine-color-dark-1)' },
});
