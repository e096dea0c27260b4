// .dockerignore as Docker applies it to the build context: each pattern is matched against the path relative to the
// context root and against each of its parents; the last matching pattern wins, a leading `!` re-includes.
// https://docs.docker.com/build/concepts/context/#dockerignore-files
import { posix } from 'node:path';

interface Rule {
  negate: boolean;
  re: RegExp;
}

function toRegExp(pattern: string): RegExp {
  let re = '';
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i] as string;
    if (ch === '*' && pattern[i + 1] === '*') {
      // `**` matches any number of directories, including none.
      i++;
      if (pattern[i + 1] === '/') {
        i++;
        re += '(?:.*/)?';
      } else re += '.*';
    } else if (ch === '*') re += '[^/]*';
    else if (ch === '?') re += '[^/]';
    else re += ch.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${re}$`);
}

export function parseDockerignore(text: string): Rule[] {
  return text
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '' && !l.startsWith('#'))
    .map((l) => {
      const negate = l.startsWith('!');
      const cleaned = posix.normalize(negate ? l.slice(1).trim() : l).replace(/^\/+|\/+$/g, '');
      return { negate, re: toRegExp(cleaned) };
    });
}

/** Whether `path` (relative to the context root, `/`-separated) stays out of the build context. */
export function isIgnored(rules: Rule[], path: string): boolean {
  const parts = path.split('/');
  const candidates = parts.map((_, i) => parts.slice(0, i + 1).join('/'));
  let ignored = false;
  for (const rule of rules) {
    if (candidates.some((c) => rule.re.test(c))) ignored = !rule.negate;
  }
  return ignored;
}
