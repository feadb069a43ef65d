import { defineConfig } from 'drizzle-kit';

// Migrations are generated from the schema and committed; the app applies them at start
// (src/lib/server/db/client.ts), on PGlite and PostgreSQL alike.
export default defineConfig({
	schema: './src/lib/server/db/schema.ts',
	out: './drizzle',
	dialect: 'postgresql',
	strict: true
});
