import { parseArgs } from 'node:util';
import { loadConfig } from '../core/config';
import { createDb, ensureDatabaseExists, migrateToLatest } from '../core/db';
import { createWorkspace } from '../core/repositories/workspaces';
import { rebuildRollups } from '../core/rollups/rebuild-rollups';
import { seedDemo } from './seed-demo';

const USAGE = `usage:
  npm run --silent cli -- create-workspace --name NAME --admin-email EMAIL [--json]
  npm run --silent cli -- seed-demo --store-url URL [--json]
  npm run --silent cli -- rebuild-rollups [--json]`;

function fail(message: string): never {
  console.error(`${message}\n${USAGE}`);
  process.exit(2);
}

async function main(): Promise<void> {
  const { positionals, values } = parseArgs({
    allowPositionals: true,
    options: { name: { type: 'string' }, 'admin-email': { type: 'string' }, 'store-url': { type: 'string' }, json: { type: 'boolean', default: false } },
  });
  const [command] = positionals;
  const config = loadConfig();
  await ensureDatabaseExists(config.databaseUrl);
  const db = createDb(config.databaseUrl, { min: 0, max: 2 });
  try {
    await migrateToLatest(db);
    let result: Record<string, string>;
    if (command === 'create-workspace') {
      if (!values.name?.trim()) fail('--name is required');
      if (!values['admin-email']?.includes('@')) fail('--admin-email must be an email address');
      const created = await createWorkspace(db, { name: values.name.trim(), adminEmail: values['admin-email'] });
      result = { workspaceId: created.workspaceId, adminToken: created.adminToken };
    } else if (command === 'seed-demo') {
      if (!values['store-url']) fail('--store-url is required');
      result = await seedDemo(db, { storeUrl: values['store-url'], publicIngestUrl: config.ingest.publicUrl });
    } else if (command === 'rebuild-rollups') {
      const rebuilt = await rebuildRollups(db);
      result = { clickDays: String(rebuilt.clickDays), orderDays: String(rebuilt.orderDays) };
    } else {
      fail(command ? `unknown command "${command}"` : 'a command is required');
    }
    console.log(
      values.json
        ? JSON.stringify(result)
        : Object.entries(result)
            .map(([k, v]) => `${k}: ${v}`)
            .join('\n'),
    );
  } finally {
    await db.destroy();
  }
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
