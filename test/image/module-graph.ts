// The modules Node loads from an entry point: each file is type-stripped exactly as Node does (so `import type` and
// type-position `import('x')` vanish), then its static imports, `export … from` and literal `import('…')` are read
// with the parser Vite ships, and relative ones are followed. Paths built from `import.meta.dirname` or
// `import.meta.url` and a literal are collected too, since those files must ship as well (migrations, the console).
import { readFileSync } from 'node:fs';
import { builtinModules, stripTypeScriptTypes } from 'node:module';
import { dirname, extname, resolve } from 'node:path';
import { parseSync } from 'vite';

export interface Edge {
  from: string;
  specifier: string;
}

export interface ModuleGraph {
  /** Absolute paths of every loaded source file. */
  files: Set<string>;
  /** Package imports: bare specifiers with the file importing them. */
  bare: Edge[];
  /** Relative imports, resolved to absolute paths. */
  local: Edge[];
  /** Relative imports whose target does not exist. */
  missing: Edge[];
  /** `import('…')` with a computed specifier: the walk cannot follow it. */
  opaque: Edge[];
  /** Absolute paths built from `import.meta.dirname` and a literal, with the file naming them. */
  fileRefs: Edge[];
}

const BUILTINS = new Set(builtinModules);
const FOLLOWED = new Set(['.ts', '.js', '.mjs']);

export function isBuiltin(specifier: string): boolean {
  return specifier.startsWith('node:') || BUILTINS.has(specifier);
}

/** `@scope/name/sub` → `@scope/name`; `name/sub` → `name`. */
export function packageName(specifier: string): string {
  const parts = specifier.split('/');
  return (specifier.startsWith('@') ? parts.slice(0, 2) : parts.slice(0, 1)).join('/');
}

function specifiers(file: string, source: string): { specs: string[]; opaque: string[] } {
  const js = extname(file) === '.ts' ? stripTypeScriptTypes(source) : source;
  const result = parseSync(file.replace(/\.ts$/, '.js'), js, { lang: 'js', sourceType: 'module' });
  if (result.errors.length > 0) throw new Error(`${file}: ${result.errors[0]?.message}`);
  const m = result.module;
  const specs = [
    ...m.staticImports.map((i) => i.moduleRequest.value),
    ...m.staticExports.flatMap((e) =>
      e.entries.flatMap((x) => (x.moduleRequest ? [x.moduleRequest.value] : [])),
    ),
  ];
  const opaque: string[] = [];
  for (const d of m.dynamicImports) {
    const text = js.slice(d.moduleRequest.start, d.moduleRequest.end);
    const literal = /^(['"])([^'"`]*)\1$/.exec(text);
    if (literal) specs.push(literal[2] as string);
    else opaque.push(text);
  }
  return { specs, opaque };
}

export function walkModuleGraph(entries: string[]): ModuleGraph {
  const graph: ModuleGraph = { files: new Set(), bare: [], local: [], missing: [], opaque: [], fileRefs: [] };
  const queue = [...entries];
  while (queue.length > 0) {
    const file = queue.pop() as string;
    if (graph.files.has(file)) continue;
    graph.files.add(file);
    const source = readFileSync(file, 'utf8');
    const { specs, opaque } = specifiers(file, source);
    for (const text of opaque) graph.opaque.push({ from: file, specifier: text });
    for (const specifier of new Set(specs)) {
      if (specifier.startsWith('.') || specifier.startsWith('/')) {
        const target = resolve(dirname(file), specifier);
        try {
          readFileSync(target);
        } catch {
          graph.missing.push({ from: file, specifier });
          continue;
        }
        graph.local.push({ from: file, specifier: target });
        if (FOLLOWED.has(extname(target))) queue.push(target);
        else graph.files.add(target);
      } else graph.bare.push({ from: file, specifier });
    }
    const refs =
      /(?:resolve|join)\(\s*import\.meta\.dirname\s*,\s*'([^']+)'\s*\)|new URL\(\s*'([^']+)'\s*,\s*import\.meta\.url\s*\)/g;
    for (const m of source.matchAll(refs))
      graph.fileRefs.push({ from: file, specifier: resolve(dirname(file), (m[1] ?? m[2]) as string) });
  }
  return graph;
}
