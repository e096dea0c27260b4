// Processes started as the image starts them: its ENTRYPOINT (with this Node 24 as `node`), cwd = WORKDIR, a clean
// environment made of the image's ENV (volumes mapped to temporary folders), and its USER when we are root.
import { type ChildProcess, spawn } from 'node:child_process';
import type { ImageSpec } from './dockerfile.ts';
import { imagePath, type Layout } from './layout.ts';

export type Env = Record<string, string>;

export interface ImageProcess {
  child: ChildProcess;
  stdout(): string;
  stderr(): string;
  exited: Promise<number | null>;
  /** Sends the image's STOPSIGNAL and waits for the exit code (SIGKILL after `timeoutMs`). */
  stop(timeoutMs?: number): Promise<number | null>;
}

/** The environment a container of this image gets, plus `overrides` (a free port, a database, …). */
export function imageEnv(layout: Layout, spec: ImageSpec, overrides: Env = {}): Env {
  const env: Env = { PATH: imagePath(layout.binDir), HOME: layout.homeDir, ...spec.runtime.env };
  for (const [key, value] of Object.entries(env)) {
    const volume = layout.volumes[value];
    if (volume) env[key] = volume;
  }
  return { ...env, ...overrides };
}

function start(
  layout: Layout,
  argv: string[],
  env: Env,
  stopSignal: NodeJS.Signals = 'SIGTERM',
): ImageProcess {
  const [command, ...args] = argv as [string, ...string[]];
  const child = spawn(command, args, {
    cwd: layout.appDir,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
    ...(layout.runAs && { uid: layout.runAs.uid, gid: layout.runAs.gid }),
  });
  let out = '';
  let err = '';
  child.once('error', (e) => {
    err += `spawn ${command} failed: ${e.message}\n`;
  });
  child.stdout?.on('data', (d: Buffer) => {
    out += d.toString();
  });
  child.stderr?.on('data', (d: Buffer) => {
    err += d.toString();
  });
  const exited = new Promise<number | null>((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code) => resolve(code));
  });
  // Awaited by whoever stops or waits; a failed spawn must not also surface as an unhandled rejection.
  exited.catch(() => {});
  return {
    child,
    stdout: () => out,
    stderr: () => err,
    exited,
    async stop(timeoutMs = 20_000) {
      if (child.exitCode === null && child.signalCode === null) child.kill(stopSignal);
      const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
      try {
        return await exited;
      } finally {
        clearTimeout(timer);
      }
    },
  };
}

/** `docker run <image> [args]`: the ENTRYPOINT, verbatim, with `args` or else the image's CMD. */
export function runImage(layout: Layout, spec: ImageSpec, args: string[] | null, env: Env): ImageProcess {
  const argv = [...spec.runtime.entrypoint, ...(args ?? spec.runtime.cmd)];
  return start(layout, argv, env, spec.runtime.stopSignal as NodeJS.Signals);
}

/** Runs to completion; `timeoutMs` later it is killed. */
export async function runImageToExit(
  layout: Layout,
  spec: ImageSpec,
  args: string[],
  env: Env,
  timeoutMs = 30_000,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const p = runImage(layout, spec, args, env);
  const timer = setTimeout(() => p.child.kill('SIGKILL'), timeoutMs);
  const code = await p.exited.finally(() => clearTimeout(timer));
  return { code, stdout: p.stdout(), stderr: p.stderr() };
}

/** The HEALTHCHECK command, verbatim, in a container of the image with `env`. */
export async function runHealthcheck(layout: Layout, spec: ImageSpec, env: Env): Promise<number | null> {
  if (!spec.runtime.healthcheck) throw new Error('the image has no HEALTHCHECK');
  const p = start(layout, spec.runtime.healthcheck, env);
  const timer = setTimeout(() => p.child.kill('SIGKILL'), 10_000);
  return p.exited.finally(() => clearTimeout(timer));
}

/** Polls until `ready` holds, failing early (with its output) if the process exits first. */
export async function waitUntil(
  p: ImageProcess,
  what: string,
  ready: () => Promise<boolean>,
  timeoutMs = 30_000,
) {
  const end = Date.now() + timeoutMs;
  for (;;) {
    if (p.child.exitCode !== null || p.child.signalCode !== null || p.child.pid === undefined)
      throw new Error(
        `exited (${p.child.exitCode ?? p.child.signalCode}) before ${what}:\n${p.stdout()}\n${p.stderr()}`,
      );
    if (await ready().catch(() => false)) return;
    if (Date.now() > end) throw new Error(`not ${what} after ${timeoutMs} ms:\n${p.stdout()}\n${p.stderr()}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
