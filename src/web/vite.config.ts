// Build of the web console: root is src/web, output dist/web, served by the API from the same origin.
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const root = fileURLToPath(new URL('.', import.meta.url));

export default defineConfig({
  root,
  base: '/',
  plugins: [react()],
  build: {
    outDir: fileURLToPath(new URL('../../dist/web', import.meta.url)),
    emptyOutDir: true,
    // Mantine, recharts and React together exceed Vite's default 500 kB warning; the console is one app.
    chunkSizeWarningLimit: 2000,
  },
  server: {
    // `npx vite --config src/web/vite.config.ts` against a running server (npm run demo -- --port 8091).
    proxy: { '/api': 'http://127.0.0.1:8091', '/oauth': 'http://127.0.0.1:8091' },
  },
});
