import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { Connection } from '@temporalio/client';
import { expect } from 'chai';
import { createDb } from '../../core/db';
import { randomString } from '../../core/domain/ids';
import { testTemporalEngine } from '../support/temporal-server';
import { testConfig } from '../support/test-config';

const root = path.resolve(__dirname, '../..');
const bin = path.join(root, '.tools/bin');
const run = promisify(execFile);

/** temporal/search-attributes.txt: the names the setup registers. */
function searchAttributeNames(): string[] {
  return readFileSync(path.join(root, 'temporal/search-attributes.txt'), 'utf8')
    .split('\n')
    .filter((line) => line.trim() && !line.startsWith('#'))
    .map((line) => line.split(/\s+/)[0]!);
}

/** The configuration temporal-server reads, rendered by temporal-server itself from temporal/config/server.yaml. */
async function renderConfig(env: Record<string, string>): Promise<string> {
  const { stdout } = await run(path.join(bin, 'temporal-server'), ['--root', root, '--config', 'temporal/config', '--env', 'server', 'render-config'], {
    cwd: root,
    env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env },
  });
  return stdout;
}

describe('the server engine: temporal-server on PostgreSQL (temporal/config, temporal/setup.sh)', function () {
  this.timeout(120_000);
  before(() => expect(testTemporalEngine, 'these run on the server engine: scripts/test-server-engine.sh').to.equal('server'));

  it('renders one configuration: 4 history shards, PostgreSQL persistence and SQL visibility, ports that follow TEMPORAL_PORT', async () => {
    const defaults = await renderConfig({});
    expect(defaults).to.match(/numhistoryshards: 4/i);
    expect(defaults).to.include('postgres12');
    expect(defaults).to.match(/databasename: temporal\n/i);
    expect(defaults).to.match(/databasename: temporal_visibility/i);
    expect(defaults).to.include('127.0.0.1:5432');
    for (const port of [7233, 7234, 7235, 7239, 7243, 6933, 6934, 6935, 6939]) expect(defaults).to.include(String(port));

    const compose = await renderConfig({ TEMPORAL_DB_HOST: 'postgres', TEMPORAL_HISTORY_SHARDS: '1', TEMPORAL_PORT: '21000', TEMPORAL_BIND_IP: '10.0.0.7' });
    expect(compose).to.match(/numhistoryshards: 1/i);
    expect(compose).to.include('postgres:5432');
    expect(compose).to.include('10.0.0.7');
    for (const port of [21000, 21001, 21002, 21006, 21010, 20700, 20701, 20702, 20706]) expect(compose).to.include(String(port));
  });

  it('sets up the schemas idempotently: a second run updates nothing and keeps the data', async () => {
    const suffix = randomString(6).toLowerCase();
    const names = { TEMPORAL_DB_NAME: `temporal_setup_${suffix}`, TEMPORAL_VISIBILITY_DB_NAME: `temporal_visibility_setup_${suffix}` };
    const url = new URL(testConfig().databaseUrl);
    const env = { ...process.env, PATH: `${bin}:${process.env.PATH}`, TEMPORAL_DB_HOST: url.hostname, TEMPORAL_DB_PORT: url.port || '5432', ...names };
    url.pathname = '/postgres';
    const admin = createDb(url.toString(), { min: 0, max: 1 });
    url.pathname = `/${names.TEMPORAL_DB_NAME}`;
    const db = createDb(url.toString(), { min: 0, max: 1 });
    try {
      const first = await run('sh', ['temporal/setup.sh', 'schema'], { cwd: root, env });
      expect(first.stdout).to.include(`database ${names.TEMPORAL_DB_NAME}: schema postgresql/v12/temporal updated`);
      const version = await db('schema_version').first('curr_version');
      expect(version?.curr_version).to.match(/^1\.\d+$/);
      await db('cluster_metadata_info').insert({ metadata_partition: 99, cluster_name: 'kept', data: Buffer.from('x'), data_encoding: 'x', version: 1 });

      const second = await run('sh', ['temporal/setup.sh', 'schema'], { cwd: root, env });
      expect(second.stdout).to.match(
        new RegExp(`database ${names.TEMPORAL_DB_NAME}: schema postgresql/v12/temporal at version ${version?.curr_version}, nothing to update`),
      );
      expect(await db('schema_version').first('curr_version')).to.deep.equal(version);
      expect(await db('cluster_metadata_info').where({ cluster_name: 'kept' }).first('metadata_partition')).to.deep.equal({ metadata_partition: 99 });
    } finally {
      await db.destroy();
      for (const name of Object.values(names)) await admin.raw(`drop database if exists "${name}" with (force)`);
      await admin.destroy();
    }
  });

  it('registers the namespace with a 72 h retention and our search attributes; registering again changes nothing', async () => {
    const address = testConfig().temporal.address;
    const again = await run('sh', ['temporal/setup.sh', 'namespace'], {
      cwd: root,
      env: { ...process.env, PATH: `${bin}:${process.env.PATH}`, TEMPORAL_ADDRESS: address },
    });
    expect(again.stdout).to.include('namespace default already registered');
    expect(again.stdout).not.to.match(/search attribute \w+ \(\w+\) registered/);

    const connection = await Connection.connect({ address });
    try {
      const described = await connection.workflowService.describeNamespace({ namespace: 'default' });
      expect(Number(described.config?.workflowExecutionRetentionTtl?.seconds)).to.equal(72 * 3600);
      const { customAttributes } = await connection.operatorService.listSearchAttributes({ namespace: 'default' });
      expect(Object.keys(customAttributes ?? {})).to.include.members(searchAttributeNames());
    } finally {
      await connection.close();
    }
  });
});
