// The services of compose.yaml that run this image: their command, environment (interpolated as Compose does),
// published ports, replicas and whether the image's HEALTHCHECK applies to them.
// https://docs.docker.com/reference/compose-file/services/ · https://docs.docker.com/reference/compose-file/interpolation/
import { parse } from 'yaml';

export interface ImageService {
  name: string;
  command: string[] | null;
  environment: Record<string, string>;
  /** Container ports published by `ports`. */
  ports: number[];
  replicas: number;
  /** Compose can switch the image's HEALTHCHECK off (`disable: true`) or replace it (`test`). */
  healthcheck: 'image' | 'disabled' | 'replaced';
}

export interface Compose {
  /** Every service's environment, interpolated. */
  environments: Record<string, Record<string, string>>;
  image: ImageService[];
}

export function interpolate(value: string, vars: Record<string, string | undefined>): string {
  return value.replace(
    /\$\$|\$\{(\w+)(?:(:?[-?])([^}]*))?\}/g,
    (all, name?: string, op?: string, arg?: string) => {
      if (all === '$$') return '$';
      const v = vars[name as string];
      const unset = op?.startsWith(':') ? !v : v === undefined;
      if (op?.endsWith('?') && unset) throw new Error(`compose.yaml needs ${name}: ${arg}`);
      if (op?.endsWith('-') && unset) return arg ?? '';
      return v ?? '';
    },
  );
}

function environment(raw: unknown, vars: Record<string, string | undefined>): Record<string, string> {
  const entries: [string, string][] = Array.isArray(raw)
    ? raw.map((e: string) => e.split(/=(.*)/s).slice(0, 2) as [string, string])
    : Object.entries((raw ?? {}) as Record<string, unknown>).map(([k, v]) => [k, String(v ?? '')]);
  return Object.fromEntries(entries.map(([k, v]) => [k, interpolate(v, vars)]));
}

export function parseCompose(text: string, vars: Record<string, string | undefined>): Compose {
  const doc = parse(text) as { services?: Record<string, Record<string, unknown>> };
  const services = doc.services ?? {};
  const image: ImageService[] = [];
  const environments: Compose['environments'] = {};
  for (const [name, s] of Object.entries(services)) {
    environments[name] = environment(s.environment, vars);
    const build =
      typeof s.build === 'string' ? s.build : (s.build as { context?: string } | undefined)?.context;
    if (build !== '.') continue;
    const hc = s.healthcheck as { disable?: boolean; test?: unknown } | undefined;
    const command = s.command;
    if (command !== undefined && !Array.isArray(command))
      throw new Error(`compose.yaml service ${name}: command in string form; the test expects a list`);
    image.push({
      name,
      command: (command as string[] | undefined) ?? null,
      environment: environments[name],
      ports: ((s.ports as string[] | undefined) ?? []).map((p) => Number(String(p).split(':').at(-1))),
      replicas: (s.deploy as { replicas?: number } | undefined)?.replicas ?? 1,
      healthcheck: hc?.disable ? 'disabled' : hc?.test ? 'replaced' : 'image',
    });
  }
  return { environments, image };
}
