// What the runtime stage holds, read from its instructions: the repository paths it copies from the build stage
// (which took them from the build context unchanged), and the folders its RUN lines create and hand to a user.
import { posix } from 'node:path';
import { DockerfileShapeError, type ImageSpec, words } from './dockerfile.ts';

/** Paths relative to the repository (= the build stage's WORKDIR) that land at the same place under /app. */
export function shippedPaths(spec: ImageSpec): string[] {
  return spec.runtime.copies.flatMap((copy) =>
    copy.sources.map((source) => {
      const from = posix.relative(spec.build.workdir, source);
      const dest = copy.dest.endsWith('/') ? posix.join(copy.dest, posix.basename(source)) : copy.dest;
      const to = posix.relative(spec.runtime.workdir, posix.resolve(spec.runtime.workdir, dest));
      if (from !== to || from.startsWith('..'))
        throw new DockerfileShapeError(
          copy.line,
          `${source} lands at ${dest}, not at the same path under WORKDIR`,
        );
      return from;
    }),
  );
}

/** Folders the runtime RUN lines create, with the user they are chowned to (null: root). */
export function volumeOwnership(spec: ImageSpec): Record<string, string | null> {
  const owners: Record<string, string | null> = {};
  for (const run of spec.runtime.runs) {
    for (const part of run.command.split('&&')) {
      const [cmd, ...args] = words(part.trim(), run.line).filter((w) => !/^-[pR]$/.test(w));
      if (cmd === 'mkdir') for (const p of args) owners[p] = null;
      else if (cmd === 'chown')
        for (const p of args.slice(1)) owners[p] = (args[0] ?? '').split(':')[0] ?? null;
      else
        throw new DockerfileShapeError(
          run.line,
          `the runtime stage runs "${part.trim()}"; only mkdir and chown are emulated`,
        );
    }
  }
  return owners;
}
