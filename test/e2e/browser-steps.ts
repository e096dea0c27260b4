// Small steps the browser tests repeat: screenshots, signing in and out, and sorting console errors.
import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ConsoleMessage, Page } from 'playwright-core';
import { DOCS_SHOTS, SHOTS } from './harness.ts';

// Chromium reports every non-2xx fetch as a console error ("Failed to load resource"). These are answers the console
// asks for on purpose and handles: "am I signed in?" before signing in (401), the wrong password and the bad
// credential the test types (401, 422). They are allowed by exact status and path; any other error fails the suite.
const EXPECTED_HTTP_ERRORS = [
  { status: 401, path: '/api/v1/auth/me' },
  { status: 401, path: '/api/v1/auth/login' },
  { status: 422, path: '/api/v1/integrations' },
];

export function unexpectedErrors(messages: ConsoleMessage[]): string[] {
  return messages
    .filter((m) => {
      const status = /status of (\d{3})/.exec(m.text())?.[1];
      const path = m.location().url ? new URL(m.location().url).pathname : '';
      return !EXPECTED_HTTP_ERRORS.some((e) => String(e.status) === status && e.path === path);
    })
    .map((m) => `${m.text()} (${m.location().url})`);
}

/** test-results/screenshots/<name>.png; with `docs`, also docs/screenshots (the first screen only). */
export async function shot(page: Page, name: string, docs = false): Promise<void> {
  await page.waitForLoadState('networkidle');
  // Toasts from earlier steps would cover the page's top right corner.
  for (const close of await page.locator('.mantine-Notification-root button').all()) {
    await close.click().catch(() => {});
  }
  await page
    .locator('.mantine-Notification-root')
    .first()
    .waitFor({ state: 'detached' })
    .catch(() => {});
  // Drawers, the phone menu and toasts animate for 200 ms.
  await page.waitForTimeout(300);
  const path = join(SHOTS, `${name}.png`);
  // Whole pages, except the documentation's shots and the phone width: the first screen, as a person sees it.
  const fullPage = !docs && (page.viewportSize()?.width ?? 0) > 600;
  // From the top: scrolled down, a whole-page shot paints the fixed header over the middle of the page.
  if (fullPage) await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path, fullPage });
  // The documentation's pictures change only when asked (GRANTSCOPE_UPDATE_DOCS_SCREENSHOTS=1), not on every test run.
  if (docs && process.env.GRANTSCOPE_UPDATE_DOCS_SCREENSHOTS)
    copyFileSync(path, join(DOCS_SHOTS, `${name}.png`));
}

export async function signIn(page: Page, email: string, password: string): Promise<void> {
  await page.getByRole('textbox', { name: 'Email' }).fill(email);
  await page.getByRole('textbox', { name: 'Password' }).fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL((u) => !u.pathname.startsWith('/login'));
}

export async function signOut(page: Page, email: string): Promise<void> {
  await page.getByRole('button', { name: `Account: ${email}` }).click();
  await page.getByRole('menuitem', { name: 'Sign out' }).click();
  await page.waitForURL('**/login');
}
