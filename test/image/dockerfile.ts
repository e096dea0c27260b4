// Reads the Dockerfile into what the image tests emulate: the build stage's steps and the runtime stage's files,
// environment, user, ports, health check and command. Anything it cannot emulate is an error naming the line.

/** The parsed instruction reference: https://docs.docker.com/reference/dockerfile/ */
export interface Instruction {
  keyword: string;
  args: string;
  line: number;
}

export type BuildStep =
  | { kind: 'copy'; sources: string[]; dest: string; line: number }
  | { kind: 'run'; command: string; line: number };

export interface RuntimeCopy {
  from: string;
  sources: string[];
  dest: string;
  line: number;
}

export interface ImageSpec {
  build: { name: string; image: string; workdir: string; steps: BuildStep[] };
  runtime: {
    image: string;
    workdir: string;
    env: Record<string, string>;
    copies: RuntimeCopy[];
    runs: { command: string; line: number }[];
    user: string | null;
    expose: number[];
    volumes: string[];
    /** argv of the check; the shell form runs under /bin/sh -c, as Docker does. */
    healthcheck: string[] | null;
    entrypoint: string[];
    cmd: string[];
    stopSignal: string;
  };
}

export class DockerfileShapeError extends Error {
  override readonly name = 'DockerfileShapeError';
  constructor(line: number, message: string) {
    super(
      `Dockerfile line ${line}: ${message} — test/image/dockerfile.ts cannot emulate this; extend it with the change.`,
    );
  }
}

/** Instructions with continuation lines joined and comment lines dropped (both as BuildKit does). */
export function instructions(text: string): Instruction[] {
  const out: Instruction[] = [];
  let current: { text: string; line: number } | null = null;
  text.split('\n').forEach((raw, i) => {
    const line = raw.replace(/\r$/, '');
    if (/^\s*#/.test(line)) return;
    if (!current && line.trim() === '') return;
    const continues = /\\\s*$/.test(line);
    const part = continues ? line.replace(/\\\s*$/, '') : line;
    current = current
      ? { ...current, text: `${current.text} ${part.trim()}` }
      : { text: part.trim(), line: i + 1 };
    if (continues) return;
    const m = /^(\S+)\s*(.*)$/s.exec(current.text);
    if (m)
      out.push({
        keyword: (m[1] as string).toUpperCase(),
        args: (m[2] as string).trim(),
        line: current.line,
      });
    current = null;
  });
  return out;
}

/** Shell-like words: quotes group, a backslash escapes; `$` is refused since the test does not expand variables. */
export function words(args: string, line: number): string[] {
  const out: string[] = [];
  let word = '';
  let quote: '"' | "'" | null = null;
  let started = false;
  for (let i = 0; i < args.length; i++) {
    const ch = args[i] as string;
    if (quote) {
      if (ch === quote) quote = null;
      else if (ch === '\\' && quote === '"' && i + 1 < args.length) word += args[++i];
      else word += ch;
    } else if (ch === '"' || ch === "'") {
      quote = ch;
      started = true;
    } else if (ch === '\\' && i + 1 < args.length) {
      word += args[++i];
      started = true;
    } else if (/\s/.test(ch)) {
      if (started) out.push(word);
      word = '';
      started = false;
    } else {
      if (ch === '$') throw new DockerfileShapeError(line, `variable expansion in "${args}"`);
      word += ch;
      started = true;
    }
  }
  if (quote) throw new DockerfileShapeError(line, `unclosed quote in "${args}"`);
  if (started) out.push(word);
  return out;
}

function execForm(ins: Instruction): string[] | null {
  if (!ins.args.startsWith('[')) return null;
  const parsed: unknown = JSON.parse(ins.args);
  if (!Array.isArray(parsed) || !parsed.every((a) => typeof a === 'string'))
    throw new DockerfileShapeError(ins.line, `${ins.keyword} is not a JSON array of strings`);
  return parsed;
}

function flagsAndArgs(ins: Instruction): { flags: Record<string, string>; rest: string[] } {
  const all = execForm(ins) ?? words(ins.args, ins.line);
  const flags: Record<string, string> = {};
  let i = 0;
  for (; i < all.length && (all[i] as string).startsWith('--'); i++) {
    const [k, v = 'true'] = (all[i] as string).slice(2).split(/=(.*)/s);
    flags[k as string] = v;
  }
  return { flags, rest: all.slice(i) };
}

function parseEnv(ins: Instruction, env: Record<string, string>): void {
  const ws = words(ins.args, ins.line);
  if (ws.length > 0 && !(ws[0] as string).includes('=')) {
    // Legacy `ENV KEY value with spaces`.
    const [key, ...value] = ws;
    env[key as string] = value.join(' ');
    return;
  }
  for (const w of ws) {
    const eq = w.indexOf('=');
    if (eq < 1) throw new DockerfileShapeError(ins.line, `ENV entry "${w}" is not KEY=value`);
    env[w.slice(0, eq)] = w.slice(eq + 1);
  }
}

function parseHealthcheck(ins: Instruction): string[] | null {
  const m = /^((?:--\S+\s+)*)(CMD|NONE)\b\s*(.*)$/is.exec(ins.args);
  if (!m) throw new DockerfileShapeError(ins.line, 'HEALTHCHECK is neither CMD nor NONE');
  if ((m[2] as string).toUpperCase() === 'NONE') return null;
  const cmd = (m[3] as string).trim();
  return execForm({ ...ins, args: cmd }) ?? ['/bin/sh', '-c', cmd];
}

const IGNORED = new Set(['LABEL', 'MAINTAINER']);

export function parseDockerfile(text: string): ImageSpec {
  const all = instructions(text);
  const froms = all.filter((i) => i.keyword === 'FROM');
  if (froms.length !== 2)
    throw new DockerfileShapeError(
      froms[2]?.line ?? 1,
      `expected 2 stages (build, runtime), found ${froms.length}`,
    );
  const runtimeAt = all.indexOf(froms[1] as Instruction);
  const [buildFrom, ...buildBody] = all.slice(all.indexOf(froms[0] as Instruction), runtimeAt);
  const [runtimeFrom, ...runtimeBody] = all.slice(runtimeAt);
  const b = words((buildFrom as Instruction).args, (buildFrom as Instruction).line);
  if (b.length !== 3 || (b[1] as string).toUpperCase() !== 'AS')
    throw new DockerfileShapeError((buildFrom as Instruction).line, 'the build stage has no `AS <name>`');

  const build: ImageSpec['build'] = { name: b[2] as string, image: b[0] as string, workdir: '/', steps: [] };
  for (const ins of buildBody) {
    if (ins.keyword === 'WORKDIR') build.workdir = ins.args;
    else if (ins.keyword === 'RUN') build.steps.push({ kind: 'run', command: ins.args, line: ins.line });
    else if (ins.keyword === 'COPY') {
      const { flags, rest } = flagsAndArgs(ins);
      if (Object.keys(flags).length > 0)
        throw new DockerfileShapeError(ins.line, `build-stage COPY with ${Object.keys(flags).join(', ')}`);
      build.steps.push({ kind: 'copy', sources: rest.slice(0, -1), dest: rest.at(-1) ?? '', line: ins.line });
    } else if (!IGNORED.has(ins.keyword))
      throw new DockerfileShapeError(ins.line, `build-stage ${ins.keyword}`);
  }

  const runtime: ImageSpec['runtime'] = {
    image: (runtimeFrom as Instruction).args,
    workdir: '/',
    env: {},
    copies: [],
    runs: [],
    user: null,
    expose: [],
    volumes: [],
    healthcheck: null,
    entrypoint: [],
    cmd: [],
    stopSignal: 'SIGTERM',
  };
  for (const ins of runtimeBody) {
    switch (ins.keyword) {
      case 'ENV':
        parseEnv(ins, runtime.env);
        break;
      case 'WORKDIR':
        runtime.workdir = ins.args;
        break;
      case 'COPY': {
        const { flags, rest } = flagsAndArgs(ins);
        const { from, ...others } = flags;
        if (from !== build.name || Object.keys(others).length > 0)
          throw new DockerfileShapeError(ins.line, `runtime COPY other than a plain --from=${build.name}`);
        runtime.copies.push({ from, sources: rest.slice(0, -1), dest: rest.at(-1) ?? '', line: ins.line });
        break;
      }
      case 'RUN':
        runtime.runs.push({ command: ins.args, line: ins.line });
        break;
      case 'USER':
        runtime.user = ins.args;
        break;
      case 'EXPOSE':
        runtime.expose.push(...words(ins.args, ins.line).map((p) => Number(p.replace(/\/tcp$/, ''))));
        break;
      case 'VOLUME':
        runtime.volumes.push(...(execForm(ins) ?? words(ins.args, ins.line)));
        break;
      case 'HEALTHCHECK':
        runtime.healthcheck = parseHealthcheck(ins);
        break;
      case 'ENTRYPOINT':
      case 'CMD': {
        const argv = execForm(ins);
        if (!argv)
          throw new DockerfileShapeError(ins.line, `${ins.keyword} in shell form (signals would go to sh)`);
        if (ins.keyword === 'ENTRYPOINT') runtime.entrypoint = argv;
        else runtime.cmd = argv;
        break;
      }
      case 'STOPSIGNAL':
        runtime.stopSignal = ins.args;
        break;
      default:
        if (!IGNORED.has(ins.keyword))
          throw new DockerfileShapeError(ins.line, `runtime-stage ${ins.keyword}`);
    }
  }
  return { build, runtime };
}
