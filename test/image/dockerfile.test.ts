// The Dockerfile reader, the .dockerignore matcher and the module walk behind the image tests, on small inputs.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseDockerfile } from './dockerfile.ts';
import { isIgnored, parseDockerignore } from './dockerignore.ts';
import { walkModuleGraph } from './module-graph.ts';

const TWO_STAGES = `# syntax=docker/dockerfile:1
FROM node:24-slim AS build
WORKDIR /app
COPY . .
RUN npm ci && \\
    # a comment inside a continuation
    npm run build
FROM node:24-slim
ENV A=1 \\
    B="two words"
ENV LEGACY some value
WORKDIR /app
COPY --from=build /app/src ./src
USER node
EXPOSE 8080/tcp
HEALTHCHECK --interval=30s CMD node -e "process.exit(0)"
ENTRYPOINT ["node", "main.ts"]
CMD ["serve"]
`;

describe('parseDockerfile', () => {
  it('reads both stages, joining continuations and dropping comment lines inside them', () => {
    const spec = parseDockerfile(TWO_STAGES);
    expect(spec.build.steps.at(-1)).toMatchObject({ kind: 'run', command: 'npm ci && npm run build' });
    expect(spec.runtime.env).toEqual({ A: '1', B: 'two words', LEGACY: 'some value' });
    expect(spec.runtime.copies).toEqual([{ from: 'build', sources: ['/app/src'], dest: './src', line: 13 }]);
    expect(spec.runtime.expose).toEqual([8080]);
    expect(spec.runtime.healthcheck).toEqual(['/bin/sh', '-c', 'node -e "process.exit(0)"']);
    expect(spec.runtime.entrypoint).toEqual(['node', 'main.ts']);
  });

  it('names the line of anything it cannot emulate', () => {
    expect(() => parseDockerfile(TWO_STAGES.replace('USER node', 'ADD x /x'))).toThrow(
      /line 14: runtime-stage ADD/,
    );
    expect(() => parseDockerfile(TWO_STAGES.replace('ENV A=1', 'ENV A=$HOME'))).toThrow(/variable expansion/);
    expect(() => parseDockerfile(TWO_STAGES.replace('["node", "main.ts"]', 'node main.ts'))).toThrow(
      /shell form/,
    );
    expect(() => parseDockerfile(TWO_STAGES.replace('--from=build', '--from=other'))).toThrow(/line 13/);
    expect(() => parseDockerfile(TWO_STAGES.replace(' AS build', ''))).toThrow(/no `AS <name>`/);
  });
});

describe('isIgnored', () => {
  it('matches a path or any of its parents, the last matching pattern winning', () => {
    const rules = parseDockerignore('data\n**/*.key\n!data/keep\n*.log\n');
    expect(isIgnored(rules, 'data/pglite/base')).toBe(true);
    expect(isIgnored(rules, 'data/keep')).toBe(false);
    expect(isIgnored(rules, 'src/data')).toBe(false);
    expect(isIgnored(rules, 'a/b/secret.key')).toBe(true);
    expect(isIgnored(rules, 'logs/x.log')).toBe(false);
  });
});

describe('walkModuleGraph', () => {
  it('follows static, re-export and literal dynamic imports, but not type-only ones', () => {
    const dir = mkdtempSync(join(tmpdir(), 'grantscope-graph-'));
    try {
      writeFileSync(
        join(dir, 'main.ts'),
        `import type { A } from 'types-only';\nimport { type B } from 'side-effect';\nexport * from './b.ts';\n` +
          `const x: import('in-a-type') | null = null;\nawait import('./c.ts');\nawait import(x as never);\n`,
      );
      writeFileSync(
        join(dir, 'b.ts'),
        `export { y } from 'from-b';\nexport const r = join(import.meta.dirname, '../d');\nnew URL('./e.json', import.meta.url);\n`,
      );
      writeFileSync(join(dir, 'c.ts'), `import './gone.ts';\n`);
      const graph = walkModuleGraph([join(dir, 'main.ts')]);
      expect(graph.bare.map((e) => e.specifier).sort()).toEqual(['from-b', 'side-effect']);
      expect([...graph.files].map((f) => f.slice(dir.length + 1)).sort()).toEqual([
        'b.ts',
        'c.ts',
        'main.ts',
      ]);
      expect(graph.missing.map((e) => e.specifier)).toEqual(['./gone.ts']);
      expect(graph.opaque.map((e) => e.specifier)).toEqual(['x']);
      expect(graph.fileRefs.map((e) => e.specifier)).toEqual([join(dir, '../d'), join(dir, 'e.json')]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
