// What the browser tests stand on: a fresh console build when src/web changed, two simulated Zendesk tenants, the
// real server on a temporary data folder (no account yet: first-run setup), and Chromium through playwright-core.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { type BrowserContext, chromium, type Page } from 'playwright-core';
import { createZendeskSimulator, type ZendeskSimulator } from '../../sim/zendesk/server.ts';
import { ensureSetupToken } from '../../src/api/auth/setup.ts';
import { type Server, startServer } from '../../src/cli/serve.ts';
import { loadConfig } from '../../src/config.ts';

export const ROOT = resolve(import.meta.dirname, '../..');
export const CHROMIUM = '/usr/bin/chromium';
export const SHOTS = join(ROOT, 'test-results/screenshots');
export const DOCS_SHOTS = join(ROOT, 'docs/screenshots');

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs);
  }
  return newest;
}

/** Builds dist/web when it is missing or older than any file of src/web. */
export function ensureBuilt(): void {
  const index = join(ROOT, 'dist/web/index.html');
  if (existsSync(index) && statSync(index).mtimeMs >= newestMtime(join(ROOT, 'src/web'))) return;
  // vitest sets NODE_ENV=test, which would make Vite bundle React's development build.
  execFileSync('npm', ['run', 'build', '--silent'], {
    cwd: ROOT,
    stdio: 'pipe',
    env: { ...process.env, NODE_ENV: 'production' },
  });
}

export interface Tenant {
  sim: ZendeskSimulator;
  url: string;
  close(): Promise<void>;
}

async function tenant(seed: number, subdomain: string): Promise<Tenant> {
  const sim = createZendeskSimulator({
    seed,
    subdomain,
    users: 300,
    tokens: 1500,
    localClients: 10,
    globalClients: 16,
    installations: 5,
    webhooks: 4,
    referenceTime: Date.now(),
  });
  const server = await sim.listen(0, '127.0.0.1');
  return { sim, url: server.url, close: server.close };
}

export interface Stack {
  server: Server;
  /** The tenant connected with an API token; the other one through "Connect with Zendesk". */
  tokenTenant: Tenant;
  oauthTenant: Tenant;
  setupToken: string;
  close(): Promise<void>;
}

export async function startStack(): Promise<Stack> {
  const tokenTenant = await tenant(7, 'acme');
  const oauthTenant = await tenant(8, 'globex');
  const dataDir = mkdtempSync(join(tmpdir(), 'grantscope-e2e-'));
  const config = loadConfig({
    GRANTSCOPE_DATA_DIR: dataDir,
    GRANTSCOPE_ALLOWED_TENANT_HOSTS: [tokenTenant.url, oauthTenant.url].map((u) => new URL(u).host).join(','),
    PORT: '0',
    GRANTSCOPE_LOG_LEVEL: 'silent',
  });
  const server = await startServer(config);
  const setupToken = await ensureSetupToken(server.runtime.store);
  if (!setupToken) throw new Error('a fresh data folder should need first-run setup');
  return {
    server,
    tokenTenant,
    oauthTenant,
    setupToken,
    async close() {
      await server.close();
      await Promise.all([tokenTenant.close(), oauthTenant.close()]);
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export async function launchBrowser(): Promise<{
  context: BrowserContext;
  page: Page;
  close(): Promise<void>;
}> {
  const profile = mkdtempSync(join(tmpdir(), 'grantscope-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    viewport: { width: 1280, height: 800 },
    acceptDownloads: true,
    colorScheme: 'light',
    // Without the background-networking flags Chromium keeps calling out, which the closed network refuses.
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  const page = context.pages()[0] ?? (await context.newPage());
  return {
    context,
    page,
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

export function prepareShotFolders(): void {
  mkdirSync(SHOTS, { recursive: true });
  mkdirSync(DOCS_SHOTS, { recursive: true });
}
