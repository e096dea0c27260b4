// The web console in a real browser, as a new admin walks it: first-run setup, sign-in, connecting Zendesk (a bad
// token, then a good one, then "Connect with Zendesk"), the Plugins page, a plugin, the export, every page at a
// desktop and a phone width, with no console error along the way.
import { existsSync } from 'node:fs';
import type { ConsoleMessage, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { revokeToken } from '../../sim/zendesk/tenant-index.ts';
import { shot, signIn, signOut, unexpectedErrors } from './browser-steps.ts';
import {
  CHROMIUM,
  ensureBuilt,
  launchBrowser,
  prepareShotFolders,
  type Stack,
  startStack,
} from './harness.ts';

const hasChromium = existsSync(CHROMIUM);
if (!hasChromium)
  console.warn(`console.e2e: skipped, ${CHROMIUM} is not installed (apt-get install chromium).`);

const EMAIL = 'first.admin@example.com';
const PASSWORD = 'correct horse battery staple';

// Generous timeouts: `npm test` runs this beside CPU-heavy suites on a small machine; alone it takes ~40 s in all.
describe.skipIf(!hasChromium)('web console (Chromium)', { timeout: 90_000 }, () => {
  let stack: Stack;
  let browser: Awaited<ReturnType<typeof launchBrowser>>;
  let page: Page;
  let base: string;
  const consoleErrors: ConsoleMessage[] = [];
  const pageErrors: Error[] = [];

  beforeAll(async () => {
    ensureBuilt();
    prepareShotFolders();
    stack = await startStack();
    base = stack.server.url;
    browser = await launchBrowser();
    page = browser.page;
    page.setDefaultTimeout(30_000);
    page.on('console', (m) => {
      if (m.type() === 'error') consoleErrors.push(m);
    });
    page.on('pageerror', (e) => pageErrors.push(e));
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await stack?.close();
  });

  it('sends a fresh server to first-run setup, which creates the admin and signs in', async () => {
    await page.goto(`${base}/`);
    await page.waitForURL('**/setup');
    await page.goto(`${base}/setup?token=${encodeURIComponent(stack.setupToken)}`);
    await page.getByRole('textbox', { name: 'Your name' }).fill('First Admin');
    await page.getByRole('textbox', { name: 'Email' }).fill(EMAIL);
    await page.getByRole('textbox', { name: 'Password', exact: true }).fill(PASSWORD);
    await page.getByRole('textbox', { name: 'Confirm password' }).fill(PASSWORD);
    await shot(page, 'setup');
    await page.getByRole('button', { name: 'Create admin and sign in' }).click();
    await page.waitForURL('**/integrations');
    await page.getByText('No integrations yet').waitFor();
    await shot(page, 'integrations-empty');
  });

  it('signs out and back in', async () => {
    await signOut(page, EMAIL);
    await page.getByRole('textbox', { name: 'Email' }).fill(EMAIL);
    await page.getByRole('textbox', { name: 'Password' }).fill('not the password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('alert').filter({ hasText: 'not correct' }).waitFor();
    await shot(page, 'login');
    await signIn(page, EMAIL, PASSWORD);
    await page.getByRole('heading', { name: 'Overview' }).waitFor();
  });

  it('shows the connector’s sentence next to the field when a credential is refused, then connects', async () => {
    const t = stack.tokenTenant.sim.tenant.credentials;
    await page.getByRole('link', { name: 'Integrations' }).click();
    await page.getByRole('button', { name: 'New', exact: true }).first().click();
    const drawer = page.getByRole('dialog', { name: 'New Integration' });
    await drawer.getByRole('radio', { name: 'API token' }).click();
    await drawer.getByText('API tokens are being retired').waitFor();
    await drawer.getByRole('textbox', { name: 'Zendesk URL' }).fill(stack.tokenTenant.url);
    await drawer.getByRole('textbox', { name: 'Admin email' }).fill(t.adminEmail);
    await drawer.getByRole('textbox', { name: 'API token' }).fill('wrong-token');
    await drawer.getByRole('button', { name: 'Save' }).click();
    const tokenField = drawer.getByRole('textbox', { name: 'API token' });
    await expect.poll(() => tokenField.getAttribute('aria-invalid')).toBe('true');
    const describedBy = (await tokenField.getAttribute('aria-describedby')) ?? '';
    const errorText = await page
      .locator(
        describedBy
          .split(' ')
          .map((id) => `[id="${id}"]`)
          .join(','),
      )
      .allInnerTexts();
    expect(errorText.join(' ')).toContain('Zendesk did not accept the admin email and API token');
    await shot(page, 'integrations-new-bad-credential');

    await tokenField.fill(t.apiToken);
    await tokenField.blur();
    await page.locator('.mantine-Drawer-content').evaluate((e) => e.scrollTo(0, 0));
    await shot(page, 'integrations-new-panel', true);
    await drawer.getByRole('button', { name: 'Save' }).click();
    await drawer.waitFor({ state: 'hidden' });
    await page.getByText('is connected. The first sync is running.').waitFor();
    await page.getByText('sync finished').waitFor({ timeout: 60_000 });
    const row = page.getByRole('row').filter({ hasText: new URL(stack.tokenTenant.url).host });
    await row.getByText('Connected').waitFor();
    await shot(page, 'integrations', true);
  });

  it('connects a second tenant with “Connect with Zendesk” (consent, then back to Integrations)', async () => {
    const t = stack.oauthTenant.sim.tenant.credentials;
    await page.getByRole('button', { name: 'New', exact: true }).first().click();
    const drawer = page.getByRole('dialog', { name: 'New Integration' });
    await drawer.getByRole('radio', { name: 'Connect with Zendesk' }).click();
    await drawer.getByRole('textbox', { name: 'Zendesk URL' }).fill(stack.oauthTenant.url);
    await drawer.getByRole('textbox', { name: 'OAuth client identifier' }).fill(t.clientId);
    await drawer.getByRole('textbox', { name: 'Secret' }).fill(t.clientSecret);
    await drawer.getByRole('button', { name: 'Connect with Zendesk' }).click();
    // The simulator approves consent at once and sends the browser back through /oauth/callback.
    await page.waitForURL((u) => u.pathname === '/integrations' && !u.search.includes('connected'));
    await page.getByText('Zendesk is connected').waitFor();
    await page.getByText('sync finished').first().waitFor({ timeout: 60_000 });
    await expect.poll(() => page.locator('[data-testid^="integration-row-"]').count()).toBe(2);
  });

  it('syncs an integration now (the tenant changed meanwhile), and edits its schedule', async () => {
    // Changes in Zendesk since the first sync: a grant revoked, another one widened to write access.
    const tenant = stack.tokenTenant.sim.tenant;
    const [gone, widened] = tenant.tokens.filter((t) => !t.scopes.includes('write')).slice(-2);
    if (!gone || !widened) throw new Error('the simulated tenant should have read-only grants');
    revokeToken(tenant, gone.id);
    widened.scopes = [...widened.scopes, 'write'];
    const row = page.locator('[data-testid^="integration-row-"]').filter({ hasText: 'API token' });
    const name = (await row.locator('td').nth(2).locator('p').first().textContent()) ?? '';
    await row.getByRole('button', { name: `Sync ${name} now` }).click();
    await page.getByText(`${name}: sync finished`).waitFor({ timeout: 60_000 });
    await row.getByRole('button', { name: `More actions for ${name}` }).click();
    await page.getByRole('menuitem', { name: 'Edit' }).click();
    const modal = page.getByRole('dialog', { name: `Edit ${name}` });
    await modal.getByRole('combobox', { name: 'Sync schedule' }).click();
    await page.getByRole('option', { name: 'Every hour' }).click();
    await shot(page, 'integrations-edit');
    await modal.getByRole('button', { name: 'Save' }).click();
    await page.getByText(`${name} is saved.`).waitFor();
    await row.getByRole('button', { name: `Show details of ${name}` }).click();
    await page.getByText('every 1 h').waitFor();
  });

  it('lists plugins, filters them by risk (in the URL), and opens one with its users', async () => {
    await page.getByRole('link', { name: 'Plugins' }).click();
    const table = page.getByRole('table', { name: 'Plugins' });
    await table.waitFor();
    expect(await table.getByRole('row').count()).toBeGreaterThan(10);
    await page.getByRole('combobox', { name: 'Risk' }).click();
    await page.getByRole('option', { name: 'Critical' }).click();
    await page.keyboard.press('Escape');
    await page.waitForURL(/risk=critical/);
    await expect
      .poll(async () => {
        const risks = await table.locator('tbody tr td:nth-child(3)').allInnerTexts();
        return risks.length > 0 && risks.every((r) => r.toLowerCase().startsWith('critical'));
      })
      .toBe(true);
    await shot(page, 'plugins', true);

    const marketplace = table.getByRole('row').filter({ hasText: 'Marketplace' }).first();
    await marketplace.getByRole('link').click();
    await page.waitForURL(/\/plugins\/\d+/);
    const users = page.getByRole('table', { name: 'Users who authorized this plugin' });
    await users.waitFor();
    await page.getByText('Risk', { exact: true }).first().waitFor();
    await shot(page, 'plugin-detail', true);

    // The users come from the server a page at a time: the counts from the detail, Next, and a search.
    const card = page.locator('.mantine-Card-root', { has: users });
    const counts = ((await card.getByText(/ stale \(long unused\)/).textContent()) ?? '').replace(/,/g, '');
    const [, total = '0'] = /^(\d+) users · \d+ stale \(long unused\)$/.exec(counts) ?? [];
    expect(Number(total), counts).toBeGreaterThan(50);
    expect(await users.locator('tbody tr').count()).toBe(50);
    const first = await users.locator('tbody tr').first().textContent();
    await card.getByRole('button', { name: 'Next' }).click();
    await card.getByText(/^Rows 51–/).waitFor();
    expect(await users.locator('tbody tr').first().textContent()).not.toBe(first);
    await card.getByRole('button', { name: 'Previous' }).click();
    await card.getByText(/^Rows 1–50 of/).waitFor();
    const name = ((await users.locator('tbody tr').nth(3).getByRole('link').textContent()) ?? '').trim();
    const part = name.slice(1, 5).toUpperCase();
    await card.getByRole('textbox', { name: 'Search users of this plugin' }).fill(part);
    await card.getByText(/ · \d+ match(es)?$/).waitFor();
    await expect
      .poll(async () => {
        const rows = await users.locator('tbody tr td:first-child').allInnerTexts();
        return rows.length > 0 && rows.every((r) => r.toLowerCase().includes(part.toLowerCase()));
      })
      .toBe(true);
    await card.getByRole('textbox', { name: 'Search users of this plugin' }).fill('');
    await card.getByText(/^Rows 1–50 of/).waitFor();
    await shot(page, 'plugin-detail-users');

    await users.locator('tbody tr').first().getByRole('link').click();
    await page.waitForURL(/\/users\/.+/);
    const apps = page.getByRole('table', { name: 'Apps this user authorized' });
    await apps.waitFor();
    expect(await apps.locator('tbody tr').count()).toBeGreaterThan(0);
    await shot(page, 'user-detail');
  });

  it('restores the filters from the URL and exports the filtered plugins as CSV', async () => {
    await page.goto(`${base}/plugins?risk=critical&sort=users`);
    await page.getByRole('button', { name: 'Clear filters' }).waitFor();
    await page.locator('th[aria-sort="descending"]', { hasText: 'Users' }).waitFor();
    const link = page.getByRole('link', { name: 'Export CSV' });
    const href = (await link.getAttribute('href')) ?? '';
    expect(href).toContain('/api/v1/exports/apps.csv');
    expect(href).toContain('risk=critical');
    const response = await page.request.get(`${base}${href}`);
    expect(response.status()).toBe(200);
    expect(response.headers()['content-type']).toContain('text/csv');
    const lines = (await response.text()).trim().split('\n');
    expect(lines.length).toBeGreaterThan(1);
    expect(lines.slice(1).every((l) => l.includes('critical'))).toBe(true);
  });

  it('shows the overview, users, activity and settings', async () => {
    for (const [link, heading, name] of [
      ['Overview', 'Overview', 'overview'],
      ['Users', 'Users', 'users'],
      ['Activity', 'Activity', 'activity'],
      ['Settings', 'Settings', 'settings'],
    ] as const) {
      await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: link }).click();
      await page.getByRole('heading', { name: heading, level: 1 }).waitFor();
      if (name === 'activity')
        await page.getByRole('table', { name: 'Change events' }).getByText('grant gone').first().waitFor();
      await shot(page, name, name === 'overview');
    }
    await page.getByRole('tab', { name: 'API keys' }).click();
    await page.getByRole('textbox', { name: 'New key name' }).fill('SIEM export');
    await page.getByRole('button', { name: 'Create key' }).click();
    await expect
      .poll(async () => (await page.getByTestId('new-api-key').textContent())?.trim())
      .toMatch(/^gs_/);
    await page.getByRole('button', { name: 'Done' }).click();
  });

  it('switches to dark mode and back', async () => {
    await page.getByRole('button', { name: 'Switch to dark mode' }).click();
    await expect.poll(() => page.locator('html').getAttribute('data-mantine-color-scheme')).toBe('dark');
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Plugins' }).click();
    await page.getByRole('table', { name: 'Plugins' }).waitFor();
    await shot(page, 'plugins-dark', true);
    await page.getByRole('button', { name: 'Switch to light mode' }).click();
    await expect.poll(() => page.locator('html').getAttribute('data-mantine-color-scheme')).toBe('light');
  });

  it('lets a viewer see everything but hides configuration', async () => {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Settings' }).click();
    await page.getByRole('button', { name: 'Add account' }).click();
    const modal = page.getByRole('dialog', { name: 'Add an account' });
    await modal.getByRole('textbox', { name: 'Name' }).fill('Vera Viewer');
    await modal.getByRole('textbox', { name: 'Email' }).fill('viewer@example.com');
    await modal.getByRole('textbox', { name: 'Initial password' }).fill(PASSWORD);
    await modal.getByRole('button', { name: 'Add account' }).click();
    await page.getByText('viewer@example.com can now sign in as viewer.').waitFor();
    await signOut(page, EMAIL);
    await signIn(page, 'viewer@example.com', PASSWORD);
    await page.getByRole('heading', { name: 'Overview', level: 1 }).waitFor();
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Integrations' }).click();
    await expect.poll(() => page.locator('[data-testid^="integration-row-"]').count()).toBe(2);
    expect(await page.getByRole('button', { name: 'New', exact: true }).count()).toBe(0);
    expect(await page.getByRole('button', { name: /^Sync .* now$/ }).count()).toBe(0);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Settings' }).click();
    await page.getByText('Admins only').waitFor();
    await shot(page, 'settings-viewer');
  });

  it('works at a phone width: cards instead of tables, filters and navigation behind buttons', async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(`${base}/plugins`);
    const list = page.getByRole('list', { name: 'Plugins' });
    await list.waitFor();
    expect(await list.getByRole('listitem').count()).toBeGreaterThan(10);
    await page.getByRole('button', { name: 'Filters' }).click();
    await page.getByRole('combobox', { name: 'Kind' }).waitFor();
    await shot(page, 'plugins-narrow');
    await list.getByRole('link').first().click();
    await page.getByRole('heading', { name: 'Permissions' }).waitFor();
    await shot(page, 'plugin-detail-narrow');
    await page.getByRole('button', { name: 'Open navigation' }).click();
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Integrations' }).click();
    await page.getByRole('heading', { name: 'Integrations', level: 1 }).waitFor();
    // The menu closes after a link is followed: wait until it has slid fully out of view.
    await page.waitForFunction(() => {
      const nav = document.querySelector('.mantine-AppShell-navbar');
      return nav !== null && nav.getBoundingClientRect().right <= 0;
    });
    await expect.poll(() => page.locator('[data-testid^="integration-row-"]').count()).toBe(2);
    await shot(page, 'integrations-narrow');
    await page.goto(`${base}/`);
    await page.getByRole('heading', { name: 'Overview', level: 1 }).waitFor();
    await shot(page, 'overview-narrow');
    await page.setViewportSize({ width: 1280, height: 800 });
  });

  it('had no console error and no uncaught exception', () => {
    expect(pageErrors.map((e) => e.message)).toEqual([]);
    expect(unexpectedErrors(consoleErrors)).toEqual([]);
  });
});
