#!/usr/bin/env node
// Entry point of the `grantscope` command: checks the Node version, then runs the TypeScript CLI natively.
const [major] = process.versions.node.split('.').map(Number);
if (major < 24) {
  process.stderr.write(
    `grantscope needs Node.js 24 or newer (this is ${process.version}). Run it through npm (npx grantscope …) so the pinned Node 24 from devDependencies is used.\n`,
  );
  process.exit(2);
}
await import('../src/cli/main.ts');
