// Serves the built web console (dist/web) from the same origin as the API, with the console's routes falling back to
// index.html; hashed assets are cached for a year, the page itself never.
import { existsSync, readFileSync } from 'node:fs';
import { extname, join, normalize, resolve } from 'node:path';
import type { App } from './context.ts';

export const WEB_DIR = resolve(import.meta.dirname, '../../dist/web');

const TYPES: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.html': 'text/html; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
};

export function registerStatic(app: App, dir = WEB_DIR): void {
  const index = join(dir, 'index.html');
  const page = () =>
    existsSync(index)
      ? readFileSync(index, 'utf8')
      : '<!doctype html><title>Grantscope</title><p>The web console is not built. Run <code>npm run build</code>, then reload.</p>';
  app.get('*', async (c, next) => {
    const path = c.req.path;
    if (
      path.startsWith('/api/') ||
      path === '/healthz' ||
      path === '/readyz' ||
      path === '/metrics' ||
      path === '/oauth/callback'
    )
      return next();
    const file = normalize(join(dir, path));
    // Only files inside the build folder, never a path that climbs out of it.
    if (file.startsWith(dir) && extname(file) && existsSync(file)) {
      const body = readFileSync(file);
      const immutable = path.startsWith('/assets/');
      return c.body(body, 200, {
        'content-type': TYPES[extname(file)] ?? 'application/octet-stream',
        'cache-control': immutable ? 'public, max-age=31536000, immutable' : 'no-cache',
      });
    }
    if (extname(path)) return next();
    return c.html(page(), 200, { 'cache-control': 'no-cache' });
  });
}
