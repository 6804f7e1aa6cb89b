import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import { alertRules, dashboardQueries, parsePromql, readRepositoryYaml } from '../support/monitoring-files';
import { deployedRedisSettings, redisSetting } from '../support/redis-server';

const root = path.resolve(__dirname, '../..');

/** The app's processes and the port each serves /metrics and /readyz on (DESIGN.md, "Operators"). */
const served = { ingest: 8080, 'admin-api': 8081, worker: 9464, consumer: 9465 } as const;

describe('the deployment files: docker-compose.yml, Prometheus, alerts and Grafana', () => {
  const compose = readRepositoryYaml('docker-compose.yml');

  it('docker-compose.yml is a valid Compose file, by Debian’s docker-compose config (no Docker daemon needed)', () => {
    const source = readFileSync(path.join(root, 'docker-compose.yml'), 'utf8');
    // docker-compose 1.29 predates the top-level `name` of the Compose Specification: it is checked here instead.
    expect(compose.name).to.match(/^[a-z0-9][a-z0-9_-]*$/);
    const withoutName = source.replace(/^name: .*$/m, '');
    const result = spawnSync('docker-compose', ['--project-name', compose.name, '-f', '-', 'config', '--quiet'], {
      cwd: root,
      input: withoutName,
      encoding: 'utf8',
      // The settings docker-compose.yml requires from the shell or .env.
      env: { ...process.env, WEBHOOK_SECRET_KEY: randomBytes(32).toString('base64') },
    });
    expect(result.error, 'docker-compose is installed by scripts/ensure-installed.sh --with-browser').to.equal(undefined);
    expect(result.status, result.stderr).to.equal(0);
  });

  it('runs temporalio/server on the repository’s temporal/config, with admin-tools jobs for the schemas and the namespace', () => {
    const { temporal, 'temporal-schema': schema, 'temporal-setup': setup } = compose.services;
    expect(JSON.stringify(compose.services), 'the deprecated image').not.to.include('temporalio/auto-setup');
    expect(temporal.image).to.match(/^temporalio\/server:/);
    expect(temporal.entrypoint.join(' ')).to.include('temporal-server --allow-no-auth --root /etc/influtrace --config temporal/config --env server start');
    for (const [job, step] of [
      [schema, 'schema'],
      [setup, 'namespace'],
    ] as const) {
      expect(job.image).to.match(/^temporalio\/admin-tools:/);
      expect([...job.entrypoint, ...job.command]).to.deep.equal(['/bin/sh', '/etc/influtrace/temporal/setup.sh', step]);
    }
    for (const service of [temporal, schema, setup]) expect(service.volumes).to.include('./temporal:/etc/influtrace/temporal:ro');
    expect(temporal.depends_on['temporal-schema'].condition).to.equal('service_completed_successfully');
    expect(setup.depends_on.temporal.condition).to.equal('service_healthy');
    for (const app of ['admin-api', 'worker', 'consumer'])
      expect(compose.services[app].depends_on['temporal-setup'].condition).to.equal('service_completed_successfully');
  });

  it('runs Redis with the AOF fsynced on every write and no eviction: a 202 means the order is on disk', () => {
    const settings = deployedRedisSettings();
    expect(redisSetting(settings, 'appendonly')).to.equal('yes');
    expect(redisSetting(settings, 'appendfsync')).to.equal('always');
    expect(redisSetting(settings, 'maxmemory-policy')).to.equal('noeviction');
  });

  it('runs every app process as compiled JavaScript, and checks each one’s health by its /readyz', () => {
    for (const [service, port] of Object.entries(served)) {
      const definition = compose.services[service];
      expect(definition.command[0], service).to.equal('node');
      expect(definition.command.at(-1), service).to.match(/^dist\/.+\.js$/);
      for (const flag of definition.command.slice(1, -1)) expect(flag, service).to.match(/^--[a-z-]+=\S+$/);
      expect(definition.healthcheck.test.join(' '), service).to.include(`http://127.0.0.1:${port}/readyz`);
    }
    expect(compose['x-app-env']).to.include({ WORKER_METRICS_PORT: '9464', CONSUMER_METRICS_PORT: '9465' });
    expect(compose.services['admin-api'].environment.OPERATOR_TOKEN).to.equal('${OPERATOR_TOKEN:-}');
  });

  it('bounds the worker’s memory and sets its workflow cache to match, keeping the shared environment', () => {
    const worker = compose.services.worker;
    expect(worker.command).to.include.members(['--max-old-space-size=256', '--max-semi-space-size=4']);
    expect(worker.environment).to.include({ MALLOC_ARENA_MAX: '2', WORKER_MAX_CACHED_WORKFLOWS: '400' });
    // Merged from the shared environment (YAML's merge key, which Compose resolves).
    expect(worker.environment['<<']).to.deep.equal(compose['x-app-env']);
  });

  it('has Prometheus scrape every process where it serves, and load the alerts', () => {
    const prometheus = readRepositoryYaml('prometheus/prometheus.yml');
    const targets = prometheus.scrape_configs.flatMap((job: { static_configs: Array<{ targets: string[] }> }) => job.static_configs.flatMap((c) => c.targets));
    expect(targets).to.have.members(Object.entries(served).map(([service, port]) => `${service}:${port}`));
    expect(prometheus.rule_files).to.deep.equal(['/etc/prometheus/alerts.yml']);
    expect(compose.services.prometheus.volumes).to.include('./prometheus:/etc/prometheus:ro');
  });

  it('has alerts with valid PromQL, a duration, a severity and a summary', () => {
    const rules = alertRules();
    expect(rules.map((r) => r.alert)).to.include.members([
      'InfluTraceQueueBacklogOld',
      'InfluTraceBeaconRefusalsSpiking',
      'InfluTraceWorkerTaskSlotsExhausted',
      'InfluTraceWebhookDeliveriesFailing',
    ]);
    for (const rule of rules) {
      expect(parsePromql(rule.expr).errors, rule.alert).to.deep.equal([]);
      expect(rule.for, rule.alert).to.match(/^\d+[smh]$/);
      expect(rule.labels?.severity, rule.alert).to.be.oneOf(['page', 'ticket']);
      expect(rule.annotations?.summary, rule.alert).to.be.a('string');
    }
  });

  it('provisions the Grafana dashboard on the Prometheus data source, with valid PromQL in every panel', () => {
    const datasource = readRepositoryYaml('grafana/provisioning/datasources/prometheus.yml').datasources[0];
    expect(datasource).to.include({ type: 'prometheus', url: 'http://prometheus:9090', uid: 'influtrace-prometheus' });
    const provider = readRepositoryYaml('grafana/provisioning/dashboards/influtrace.yml').providers[0];
    expect(compose.services.grafana.volumes).to.include(`./grafana/dashboards:${provider.options.path}:ro`);
    const queries = dashboardQueries();
    expect(queries.length).to.be.greaterThan(10);
    for (const { panel, expr } of queries) expect(parsePromql(expr).errors, `${panel}: ${expr}`).to.deep.equal([]);
  });

  it('catches a PromQL syntax error (the check above can fail)', () => {
    expect(parsePromql('sum(rate(influtrace_beacons_refused_total[5m])').errors).not.to.deep.equal([]);
    expect(parsePromql('histogram_quantile(0.99, sum by (le) (rate(x_bucket[$__rate_interval])))')).to.deep.equal({ metricNames: ['x_bucket'], errors: [] });
  });
});
