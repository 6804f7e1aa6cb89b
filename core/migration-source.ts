import { readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { Knex } from 'knex';

const MIGRATION_FILE = /^(\d{14}_[a-z0-9_]+)\.(ts|js)$/;
/** Loads a migration by its path, as knex's own source does: through tsx's hook from source, plainly in dist/. */
const loadModule = createRequire(__filename);

/**
 * The migrations in `directory`, as TypeScript (run through tsx) or as the compiled build's
 * JavaScript. Either way each is named `<stem>.ts` in knex_migrations, the name its first run
 * recorded, so a database migrated from source is up to date for the compiled build and back.
 */
export function migrationSource(directory: string): Knex.MigrationSource<string> {
  return {
    async getMigrations() {
      return readdirSync(directory)
        .filter((file) => MIGRATION_FILE.test(file))
        .sort();
    },
    getMigrationName: (file) => file.replace(/\.js$/, '.ts'),
    async getMigration(file) {
      const loaded = loadModule(path.join(directory, file)) as Knex.Migration & { default?: Knex.Migration };
      return loaded.default?.up ? loaded.default : loaded;
    },
  };
}
