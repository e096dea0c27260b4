// drizzle-kit: generates the append-only migration history from src/store/schema.ts (npx drizzle-kit generate).
import { defineConfig } from 'drizzle-kit';

export default defineConfig({
  dialect: 'postgresql',
  schema: './src/store/schema.ts',
  out: './src/store/migrations',
});
