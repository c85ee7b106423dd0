/**
 * The database of a command: opened from the environment (GONGKAI_DATA_DIR or DATABASE_URL), used,
 * closed even when the command fails. The database code is imported here, when a command runs, not
 * when the command modules are loaded: `gongkai --help` loads every command module and should load
 * neither PGlite nor Drizzle.
 */
import type { Database, OpenOptions } from '../db/index.ts';

export async function withDatabase<T>(use: (database: Database) => Promise<T>, options?: OpenOptions): Promise<T> {
  const { openDatabase } = await import('../db/index.ts');
  const database = await openDatabase(options);
  try {
    return await use(database);
  } finally {
    await database.close();
  }
}
