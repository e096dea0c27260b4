// What the container image ships, checked from the files alone: the Dockerfile's shape, the build context
// (.dockerignore), compose.yaml's use of the image, and that the server's module graph needs nothing the runtime
// stage leaves out. test/image.int.test.ts then runs the emulated image.
import { readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseCompose } from './compose.ts';
import { parseDockerfile } from './dockerfile.ts';
import { isIgnored, parseDockerignore } from './dockerignore.ts';
import { isBuiltin, packageName, walkModuleGraph } from './module-graph.ts';
import { shippedPaths, volumeOwnership } from './shipped.ts';

const ROOT = resolve(import.meta.dirname, '../..');
const read = (f: string) => readFileSync(join(ROOT, f), 'utf8');
const spec = parseDockerfile(read('Dockerfile'));
const pkg = JSON.parse(read('package.json')) as {
  dependencies: Record<string, string>;
  bin: Record<string, string>;
};
const shipped = shippedPaths(spec);
const isShipped = (abs: string) => {
  const rel = relative(ROOT, abs);
  return shipped.some((s) => rel === s || rel.startsWith(`${s}/`));
};
const rel = (abs: string) => relative(ROOT, abs);

describe('the Dockerfile', () => {
  it('builds on Node 24 (the Node these tests run on) and starts the CLI with node as a non-root user', () => {
    expect(spec.build.image).toMatch(/^node:24\b/);
    expect(spec.runtime.image).toMatch(/^node:24\b/);
    expect(process.versions.node.split('.')[0]).toBe('24');
    expect(spec.runtime.entrypoint.slice(0, 1)).toEqual(['node']);
    expect(isShipped(join(ROOT, spec.runtime.entrypoint[1] ?? ''))).toBe(true);
    expect(spec.runtime.user).not.toBeNull();
    expect(spec.runtime.user).not.toMatch(/^(root|0)(:|$)/);
  });

  it('installs from the lockfile, builds the console and drops devDependencies before the runtime stage', () => {
    const commands = spec.build.steps.flatMap((s) => (s.kind === 'run' ? s.command.split('&&') : []));
    const trimmed = commands.map((c) => c.trim());
    expect(trimmed.some((c) => /^npm ci\b/.test(c))).toBe(true);
    expect(trimmed).toContain('npm run build');
    expect(trimmed.some((c) => /^npm prune\b.*--omit=dev\b/.test(c))).toBe(true);
  });

  it('listens on the port it exposes, health-checks that port, and gives its user a writable data volume', () => {
    expect(spec.runtime.expose).toContain(Number(spec.runtime.env.PORT));
    expect(spec.runtime.healthcheck?.join(' ')).toContain('process.env.PORT');
    const dataDir = spec.runtime.env.GRANTSCOPE_DATA_DIR as string;
    expect(spec.runtime.volumes).toContain(dataDir);
    // Docker creates a VOLUME root-owned unless the image already has the folder with another owner.
    expect(volumeOwnership(spec)[dataDir]).toBe(spec.runtime.user);
  });
});

describe('the build context', () => {
  const rules = parseDockerignore(read('.dockerignore'));

  it('leaves out dependencies, builds, git, data folders, backups and local secrets', () => {
    const kept = [
      'node_modules',
      'node_modules/pg/package.json',
      'dist/web/index.html',
      '.git/config',
      'data/secret.key',
      'data/pglite/base',
      'coverage',
      'test-results',
      '.vitest-report.json',
      '.env',
      '.env.production',
      'secret.key',
      'grantscope.tar.gz',
      'server.pem',
      'scratch/notes.md',
    ].filter((p) => !isIgnored(rules, p));
    expect(kept, 'these reach the build context').toEqual([]);
  });

  it('keeps what the build and the server need', () => {
    const graph = walkModuleGraph([join(ROOT, 'src/cli/main.ts')]);
    const needed = ['package.json', 'package-lock.json', 'src/web/index.html', 'src/web/vite.config.ts'];
    const dropped = [...needed, ...[...graph.files].map(rel)].filter((p) => isIgnored(rules, p));
    expect(dropped, 'left out of the build context').toEqual([]);
  });
});

describe('what the server loads', () => {
  // Every CLI subcommand is a literal import('./x.ts') in main.ts, so the walk covers them all; bin/ is the
  // `grantscope` command of package.json. src/web is not walked: Vite bundles it into dist/web in the build stage,
  // which is why React and Mantine are devDependencies. It is reachable only if a server file imports it at runtime
  // (type imports are stripped first, as Node strips them), and then the walk follows it and flags what it needs.
  const entries = [spec.runtime.entrypoint[1] ?? '', ...Object.values(pkg.bin)]
    .map((e) => join(ROOT, e))
    .filter(isShipped);
  const graph = walkModuleGraph(entries);

  it('imports only Node builtins and production dependencies, from every CLI subcommand', () => {
    const offenders = graph.bare
      .filter((e) => !isBuiltin(e.specifier) && !(packageName(e.specifier) in pkg.dependencies))
      .map((e) => `${rel(e.from)} imports ${e.specifier}, which is not in package.json dependencies`);
    expect(offenders).toEqual([]);
    expect(graph.opaque.map((e) => `${rel(e.from)}: import(${e.specifier}) cannot be followed`)).toEqual([]);
  });

  it('reaches the simulator the image ships, but no web console source', () => {
    const files = [...graph.files].map(rel);
    expect(files).toContain('sim/zendesk/server.ts');
    expect(files.filter((f) => f.startsWith('src/web/'))).toEqual([]);
  });

  it('loads and reads only files that the runtime stage copies', () => {
    expect(graph.missing.map((e) => `${rel(e.from)}: ${e.specifier} does not exist`)).toEqual([]);
    const outside = [...graph.local, ...graph.fileRefs]
      .filter((e) => !isShipped(e.specifier))
      .map((e) => `${rel(e.from)} needs ${rel(e.specifier)}, which the image does not copy`);
    expect(entries.length).toBeGreaterThan(0);
    expect(outside).toEqual([]);
  });
});

describe('compose.yaml', () => {
  const compose = parseCompose(read('compose.yaml'), { GRANTSCOPE_SECRET_KEY: 'k' });

  it('runs the image as one API service and sync workers, publishing the port the image listens on', () => {
    expect(compose.image.map((s) => s.command)).toEqual([['serve'], ['worker']]);
    const api = compose.image.find((s) => s.command?.[0] === 'serve');
    expect(api?.ports).toEqual([Number(spec.runtime.env.PORT)]);
  });

  it('points every service at its own PostgreSQL service with that service’s user, password and database', () => {
    const pgEnv = compose.environments.postgres ?? {};
    for (const s of compose.image) {
      const url = new URL(s.environment.DATABASE_URL ?? '');
      expect(url.hostname).toBe('postgres');
      expect(url.username).toBe(pgEnv.POSTGRES_USER);
      expect(url.pathname).toBe(`/${pgEnv.POSTGRES_DB}`);
      expect(decodeURIComponent(url.password)).toBe(pgEnv.POSTGRES_PASSWORD);
    }
  });

  it('keeps the image’s HTTP health check only where the command answers it: serve, and worker with its health on', () => {
    // The image's HEALTHCHECK probes /healthz on PORT: `worker` answers it only with GRANTSCOPE_WORKER_HEALTH=on
    // (set in the image); without it every worker would be reported unhealthy forever.
    for (const s of compose.image.filter((s) => s.command?.[0] === 'worker' && s.healthcheck === 'image'))
      expect({ ...spec.runtime.env, ...s.environment }.GRANTSCOPE_WORKER_HEALTH, s.name).toBe('on');
    for (const s of compose.image.filter((s) => !['serve', 'worker'].includes(s.command?.[0] ?? 'serve')))
      expect(s.healthcheck, `${s.name}`).not.toBe('image');
  });
});
