// The image's file system without an engine: the build stage replayed in <tmp>/build (context filtered by
// .dockerignore, `npm ci` replaced by a hard-link copy of this checkout's node_modules, the other npm steps run
// verbatim but offline), then the runtime stage's `COPY --from` into <tmp>/app. Under os.tmpdir(), so module
// resolution cannot climb into the repository's node_modules.
import { execFileSync, spawnSync } from 'node:child_process';
import {
  chmodSync,
  chownSync,
  copyFileSync,
  cpSync,
  existsSync,
  linkSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  rmSync,
  statSync,
  symlinkSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join, posix, relative, resolve, sep } from 'node:path';
import type { BuildStep, ImageSpec } from './dockerfile.ts';
import { isIgnored, type parseDockerignore } from './dockerignore.ts';

/** The official node images create user `node` as uid/gid 1000 (https://github.com/nodejs/docker-node). */
const IMAGE_USERS: Record<string, { uid: number; gid: number }> = { node: { uid: 1000, gid: 1000 } };

export interface Layout {
  root: string;
  buildDir: string;
  appDir: string;
  /** Each VOLUME of the image mapped to a fresh folder the runtime user owns. */
  volumes: Record<string, string>;
  homeDir: string;
  /** Holds only `node`, this Node 24, standing in for the base image's /usr/local/bin/node. */
  binDir: string;
  /** The image's USER, when this process can switch to it (it runs as root); else the directories are read-only. */
  runAs: { uid: number; gid: number } | null;
  timings: Record<string, number>;
  dispose(): void;
}

type Rules = ReturnType<typeof parseDockerignore>;

function timed<T>(timings: Record<string, number>, label: string, fn: () => T): T {
  const start = performance.now();
  try {
    return fn();
  } finally {
    timings[label] = Math.round(performance.now() - start);
  }
}

/** The base image's PATH, with `binDir` (this Node) first: no path into the repository. */
export function imagePath(binDir: string): string {
  return `${binDir}:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin`;
}

/** Hard links when the temporary folder shares the repository's file system, else a copy (slower, same result). */
function linkTree(sources: string[], target: string): string {
  try {
    execFileSync('cp', ['-al', ...sources, target], { stdio: 'pipe' });
    return 'hard links';
  } catch {
    execFileSync('cp', ['-a', '--reflink=auto', ...sources, target], { stdio: 'pipe' });
    return 'copied: another file system';
  }
}

function copyContext(repo: string, rules: Rules, source: string, target: string): void {
  if (source === '.' && !isIgnored(rules, 'node_modules'))
    throw new Error(
      '.dockerignore does not exclude node_modules: `COPY . .` would overwrite the installed ones',
    );
  cpSync(resolve(repo, source), target, {
    recursive: true,
    filter: (path) => {
      const rel = relative(repo, path).split(sep).join('/');
      return rel === '' || !isIgnored(rules, rel);
    },
  });
}

/** `npm ci` from the lockfile is what this checkout's node_modules already is; only the hidden lockfile is copied,
 * since npm rewrites that file and it must not be a hard link into the repository. */
function emulateNpmCi(repo: string, buildDir: string): string {
  if (!existsSync(join(buildDir, 'package-lock.json')))
    throw new Error('the build stage runs `npm ci` before package-lock.json is copied');
  // Caches other tools left in the checkout (.vite, .vitest-cache) are not what `npm ci` makes.
  const made = readdirSync(join(repo, 'node_modules')).filter((n) => !n.startsWith('.') || n === '.bin');
  mkdirSync(join(buildDir, 'node_modules'));
  const how = linkTree(
    made.map((n) => join(repo, 'node_modules', n)),
    join(buildDir, 'node_modules'),
  );
  const hidden = join(buildDir, 'node_modules/.package-lock.json');
  rmSync(hidden, { force: true });
  copyFileSync(join(repo, 'node_modules/.package-lock.json'), hidden);
  return how;
}

function replayBuildStep(
  repo: string,
  rules: Rules,
  buildDir: string,
  step: BuildStep,
  timings: Layout['timings'],
) {
  if (step.kind === 'copy') {
    const dest = resolve(buildDir, step.dest);
    for (const source of step.sources) {
      const target = source === '.' || !step.dest.endsWith('/') ? dest : join(dest, basename(source));
      timed(timings, `build: COPY ${source}`, () => copyContext(repo, rules, source, target));
    }
    return;
  }
  // No network, no audit, no fund: what `--offline --no-audit --no-fund` would say, without editing the command.
  const env = {
    PATH: imagePath(join(buildDir, '..', 'bin')),
    HOME: join(buildDir, '..', 'build-home'),
    npm_config_offline: 'true',
    npm_config_audit: 'false',
    npm_config_fund: 'false',
    npm_config_update_notifier: 'false',
  };
  for (const command of step.command.split('&&').map((c) => c.trim())) {
    if (/^npm ci\b/.test(command)) {
      const start = performance.now();
      const how = emulateNpmCi(repo, buildDir);
      timings[`${command} (emulated: ${how})`] = Math.round(performance.now() - start);
    } else if (/^npm (run|prune)\b/.test(command))
      timed(timings, command, () =>
        execFileSync('/bin/sh', ['-c', command], { cwd: buildDir, env, stdio: 'pipe' }),
      );
    else
      throw new Error(
        `Dockerfile line ${step.line}: the build stage runs "${command}", which this test cannot emulate`,
      );
  }
}

function copyFromBuild(spec: ImageSpec, buildDir: string, appDir: string): void {
  for (const copy of spec.runtime.copies) {
    const dest = posix.resolve(spec.runtime.workdir, copy.dest);
    const destIsDir = copy.dest.endsWith('/') || copy.dest === '.' || copy.sources.length > 1;
    for (const source of copy.sources) {
      const rel = posix.relative(spec.build.workdir, source);
      if (rel.startsWith('..') || posix.isAbsolute(rel))
        throw new Error(
          `Dockerfile line ${copy.line}: ${source} is outside the build stage's ${spec.build.workdir}`,
        );
      const from = join(buildDir, rel);
      if (!existsSync(from))
        throw new Error(
          `Dockerfile line ${copy.line}: the build stage has no ${source} (emulated at ${from})`,
        );
      const dir = statSync(from).isDirectory();
      const to = join(
        appDir,
        posix.relative(
          spec.runtime.workdir,
          destIsDir && !dir ? posix.join(dest, posix.basename(source)) : dest,
        ),
      );
      mkdirSync(dirname(to), { recursive: true });
      if (dir) linkTree([from], to);
      else linkSync(from, to);
    }
  }
}

function directories(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isDirectory())
    .map((e) => join(e.parentPath, e.name));
}

export function buildLayout(repo: string, spec: ImageSpec, rules: Rules): Layout {
  const timings: Layout['timings'] = {};
  const root = mkdtempSync(join(tmpdir(), 'grantscope-image-'));
  chmodSync(root, 0o755);
  const buildDir = join(root, 'build');
  const appDir = join(root, 'app');
  const homeDir = join(root, 'home');
  const binDir = join(root, 'bin');
  for (const d of [buildDir, appDir, homeDir, binDir, join(root, 'build-home')]) mkdirSync(d);
  symlinkSync(process.execPath, join(binDir, 'node'));
  const user = spec.runtime.user ? IMAGE_USERS[spec.runtime.user] : undefined;
  if (spec.runtime.user && !user) throw new Error(`USER ${spec.runtime.user}: unknown uid in the base image`);
  // As root, run as the image's user, provided that user can reach this Node binary at all.
  const runAs =
    user &&
    process.getuid?.() === 0 &&
    spawnSync(process.execPath, ['-e', ''], { uid: user.uid, gid: user.gid }).status === 0
      ? user
      : null;
  let readOnly: string[] = [];
  const layout: Layout = {
    root,
    buildDir,
    appDir,
    volumes: {},
    homeDir,
    binDir,
    runAs,
    timings,
    dispose() {
      for (const d of readOnly) chmodSync(d, 0o755);
      rmSync(root, { recursive: true, force: true });
    },
  };
  try {
    for (const step of spec.build.steps) replayBuildStep(repo, rules, buildDir, step, timings);
    timed(timings, 'runtime: COPY --from=build', () => copyFromBuild(spec, buildDir, appDir));
    for (const [i, volume] of spec.runtime.volumes.entries()) {
      const dir = join(root, `volume-${i}`);
      mkdirSync(dir);
      layout.volumes[volume] = dir;
    }
    for (const d of [homeDir, ...Object.values(layout.volumes)])
      if (runAs) chownSync(d, runAs.uid, runAs.gid);
    if (!runAs) {
      // Not root, so not switching to the image's user: read-only directories stand in for the root-owned /app.
      // Directories only: files in node_modules are hard links shared with the repository.
      readOnly = [...directories(appDir), appDir];
      for (const d of readOnly) chmodSync(d, 0o555);
    }
  } catch (e) {
    layout.dispose();
    throw e;
  }
  return layout;
}
