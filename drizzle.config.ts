// drizzle-kit configuration: `npx drizzle-kit generate --name WHAT` writes a migration into drizzle/
// from src/db/schema.ts. Migrations are applied by the application (src/db/index.ts), not drizzle-kit.
import { defineConfig } from 'drizzle-kit';

export default defineConfig({
  dialect: 'postgresql',
  schema: './src/db/schema.ts',
  out: './drizzle',
});
