import { defineConfig } from 'drizzle-kit';

// drizzle-kit only diffs the schema into SQL files; it never needs a live database here.
export default defineConfig({
  dialect: 'postgresql',
  schema: './src/db/schema.ts',
  out: './migrations',
});
