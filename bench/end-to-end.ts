import { randomBytes } from 'node:crypto';
import { loadavg } from 'node:os';
import autocannon from 'autocannon';
import { loadConfig, type Config } from '../core/config';
import { createDb, ensureDatabaseExists, migrateToLatest, type Db } from '../core/db';
import { randomString } from '../core/domain/ids';
import { EVENTS_PATH } from '../core/public-paths';
import { seedDemo } from '../scripts/seed-demo';
import { startServiceCopies, type ServiceCopies } from '../test/support/service-copies';
import { startOwnTemporal, type OwnTemporal, type OwnTemporalOptions } from '../test/support/temporal-server';
import { runEmptyWorkflowLoop, type EmptyWorkflowLoopResult } from './empty-workflow-loop';
import { profiling } from './profiling';
import { cpuSecondsOfAll, peakRssMiB, pidsMatching } from './process-stats';
import { ratio, thousands, writeBenchmarkSection } from './report';

/**
 * End to end, as deployed: ingest, the queue consumer and the Temporal worker as processes of
 * their own, a Temporal dev server of the bench's own (SQLite), PostgreSQL and Redis. Orders are
 * offered in stages (the third is the 50,000-beacon burst), each drained until every accepted
 * order has its credited row; then a fixed offered rate for beacon-to-credited latency.
 *
 * BENCH_E2E_STAGES (orders per stage), BENCH_E2E_RATE and BENCH_E2E_SECONDS (the latency run),
 * BENCH_E2E_CONNECTIONS, BENCH_PROFILE (see profiling()) size and instrument it. BENCH_E2E_COPIES
 * (default 1) runs that many copies of each process, the load spread over the ingest copies;
 * BENCH_E2E_WORKER_WITH_CONSUMER=true runs workflows/worker-with-consumer.ts (eager starts)
 * instead of the worker and the consumer apart. BENCH_E2E_COMPILED=true runs the production build
 * (dist/, `npm run build` first) with plain node instead of tsx. Each layout writes a section of its own.
 * BENCH_E2E_BARE_WORKFLOWS (default 3,000) empty workflows are then run on the same dev server:
 * the floor the pipeline is compared with (bench/empty-workflow-loop.ts).
 * BENCH_E2E_ENGINES (e.g. `dev,server:1,server:4`) runs the whole of it once per Temporal engine,
 * one after another in the same run: the dev server, and temporal-server on PostgreSQL with that
 * many history shards (scripts/temporal-server.sh); each writes its section, and a table puts them
 * side by side (section "engines").
 *
 * Each order comes from its own client address (X-Forwarded-For behind a trusted proxy, as a
 * load balancer sends it), so the per-client rate limit stays at its default and still applies.
 */
const STAGES = (process.env.BENCH_E2E_STAGES ?? '1000,9000,50000,40000').split(',').map(Number);
const LATENCY_RATE = Number(process.env.BENCH_E2E_RATE ?? 50);
const LATENCY_SECONDS = Number(process.env.BENCH_E2E_SECONDS ?? 30);
const CONNECTIONS = Number(process.env.BENCH_E2E_CONNECTIONS ?? 100);
const DRAIN_TIMEOUT_MS = Number(process.env.BENCH_E2E_DRAIN_TIMEOUT_SECONDS ?? 1800) * 1000;
const BARE_WORKFLOWS = Number(process.env.BENCH_E2E_BARE_WORKFLOWS ?? 3000);
const COPIES = Number(process.env.BENCH_E2E_COPIES ?? 1);
const WORKER_WITH_CONSUMER = process.env.BENCH_E2E_WORKER_WITH_CONSUMER === 'true';
const COMPILED = process.env.BENCH_E2E_COMPILED === 'true';
/**
 * Extra environment for the worker process, `NAME=value` pairs split by spaces; a value runs to the
 * next ` NAME=`, so it may hold spaces itself (NODE_OPTIONS=--a=1 --b=2 WORKER_MAX_CACHED_WORKFLOWS=400).
 */
const WORKER_ENV: Record<string, string> = Object.fromEntries(
  [...(process.env.BENCH_E2E_WORKER_ENV ?? '').matchAll(/([A-Z][A-Z0-9_]*)=(.*?)(?=\s+[A-Z][A-Z0-9_]*=|\s*$)/g)].map((m) => [m[1]!, m[2]!]),
);
const ENGINES = (process.env.BENCH_E2E_ENGINES ?? '').split(',').filter(Boolean);
/** The machine's one-minute load average when the bench began: says whether the run had the machine to itself. */
const LOAD_AT_START = loadavg()[0]!;
const STORE_ORIGIN = 'https://shop.example.com';

/** One engine's figures, for the side-by-side table. */
type EngineSummary = {
  engine: string;
  creditedPerSecond: number;
  cpuMsPerOrder: Record<ProcessGroup, number>;
  p50: number;
  p99: number;
  bare: EmptyWorkflowLoopResult;
  temporalRssMiB: number;
};

/** `dev` or `server:<history shards>` (BENCH_E2E_ENGINES) as startOwnTemporal's options and a label. */
function engineOptions(spec: string): { options: OwnTemporalOptions; label: string; description: string } {
  if (spec === 'dev') return { options: { engine: 'dev' }, label: 'dev server', description: "a Temporal dev server of the bench's own (SQLite)" };
  const shards = Number(/^server:(\d+)$/.exec(spec)?.[1]);
  if (!shards) throw new Error(`BENCH_E2E_ENGINES: "${spec}" is neither dev nor server:<history shards>`);
  return {
    options: { engine: 'server', historyShards: shards },
    label: `temporal-server, ${shards} shard${shards === 1 ? '' : 's'}`,
    description: `temporal-server of the bench's own (PostgreSQL persistence and visibility on the same local PostgreSQL, ${shards} history shard${shards === 1 ? '' : 's'})`,
  };
}

type ProcessGroup = 'ingest' | 'consumer' | 'worker' | 'temporal' | 'postgres' | 'redis';
const GROUPS: ProcessGroup[] = ['ingest', 'consumer', 'worker', 'temporal', 'postgres', 'redis'];

type StageResult = {
  offered: number;
  accepted: number;
  refused: number;
  errors: number;
  acceptSeconds: number;
  drainSeconds: number;
  ordersAfter: number;
  credited: number;
  lost: number;
  duplicates: number;
  cpuMsPerOrder: Record<ProcessGroup, number>;
};

/** 10.x.y.z from a number: a client address of its own for each order. */
function clientAddress(n: number): string {
  return `10.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}`;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

class Bench {
  private nextOrder = 0;
  constructor(
    private readonly db: Db,
    private readonly services: ServiceCopies,
    private readonly integrationId: string,
    private readonly couponCode: string,
    private readonly pidsOf: Record<ProcessGroup, () => number[]>,
  ) {}

  private cpuNow(): Record<ProcessGroup, number> {
    return Object.fromEntries(GROUPS.map((g) => [g, cpuSecondsOfAll(this.pidsOf[g])])) as Record<ProcessGroup, number>;
  }

  /** Order beacons with ids of their own, from addresses of their own. */
  private request(prefix: string): autocannon.Request {
    return {
      method: 'POST',
      setupRequest: (req) => {
        const n = (this.nextOrder += 1);
        return {
          ...req,
          headers: { 'content-type': 'text/plain', origin: STORE_ORIGIN, 'x-forwarded-for': clientAddress(n) },
          body: JSON.stringify({
            id: this.integrationId,
            type: 'order',
            url: `${STORE_ORIGIN}/thanks`,
            order: { orderId: `${prefix}-${n}`, value: 49.5, currency: 'USD', coupon: this.couponCode },
          }),
        };
      },
    };
  }

  /** Runs autocannon with a progress bar on the terminal. */
  private offer(options: Omit<autocannon.Options, 'url'>, label: string): Promise<autocannon.Result> {
    return new Promise((resolve, reject) => {
      // Several URLs share the connections between them (autocannon's README); its types say one.
      const url = this.services.ingestUrls.map((u) => `${u}${EVENTS_PATH}`) as unknown as string;
      const instance = autocannon({ connections: CONNECTIONS, ...options, url }, (err, result) => (err ? reject(err) : resolve(result)));
      console.log(`  ${label}`);
      autocannon.track(instance, { renderResultsTable: false, renderLatencyTable: false });
    });
  }

  async countOrders(): Promise<{ rows: number; credited: number }> {
    const row = await this.db('orders')
      .where({ integration_id: this.integrationId })
      .first(this.db.raw('count(*)::int as rows'), this.db.raw("count(*) filter (where status = 'credited')::int as credited"));
    return { rows: Number(row?.rows ?? 0), credited: Number(row?.credited ?? 0) };
  }

  /** Waits until `expected` order rows exist, printing progress; returns the seconds it took from `since`. */
  async drainUntil(expected: number, since: number): Promise<number> {
    let last = -1;
    const deadline = Date.now() + DRAIN_TIMEOUT_MS;
    for (;;) {
      const { rows } = await this.countOrders();
      if (rows !== last) {
        const seconds = (Date.now() - since) / 1000;
        process.stdout.write(`\r  drained ${thousands(rows)} / ${thousands(expected)} orders in ${seconds.toFixed(1)} s   `);
        last = rows;
      }
      if (rows >= expected || Date.now() > deadline) {
        process.stdout.write('\n');
        return (Date.now() - since) / 1000;
      }
      await sleep(500);
    }
  }

  async stage(offered: number, expectedBefore: number): Promise<StageResult> {
    const cpu0 = this.cpuNow();
    const started = Date.now();
    const result = await this.offer({ amount: offered, requests: [this.request(`E2E-${randomString(4)}`)] }, `offering ${thousands(offered)} orders`);
    const acceptSeconds = (Date.now() - started) / 1000;
    const accepted = result['2xx'];
    const drainSeconds = await this.drainUntil(expectedBefore + accepted, started);
    const cpu1 = this.cpuNow();
    const { rows, credited } = await this.countOrders();
    const dup = await this.db('order_reports').where({ integration_id: this.integrationId, outcome: 'duplicate' }).count<{ n: string }[]>({ n: '*' });
    return {
      offered,
      accepted,
      refused: result.non2xx,
      errors: result.errors,
      acceptSeconds,
      drainSeconds,
      ordersAfter: rows,
      credited,
      lost: Math.max(0, expectedBefore + accepted - rows),
      duplicates: Number(dup[0]?.n ?? 0),
      cpuMsPerOrder: Object.fromEntries(GROUPS.map((g) => [g, ((cpu1[g] - cpu0[g]) * 1000) / Math.max(1, accepted)])) as Record<ProcessGroup, number>,
    };
  }

  /** A fixed offered rate; beacon-to-credited latency from the report's arrival to its recorded outcome. */
  async latency(rate: number, seconds: number): Promise<{ p50: number; p99: number; offered: number; accepted: number }> {
    const prefix = `LAT-${randomString(4)}`;
    const before = (await this.countOrders()).rows;
    const result = await this.offer(
      { overallRate: rate, duration: seconds, connections: 20, requests: [this.request(prefix)] },
      `${rate} orders/s for ${seconds} s`,
    );
    await this.drainUntil(before + result['2xx'], Date.now());
    const row = await this.db('order_reports')
      .where({ integration_id: this.integrationId })
      .andWhere('order_id', 'like', `${prefix}-%`)
      .first(
        this.db.raw('percentile_cont(0.5) within group (order by extract(epoch from processed_at - received_at)) * 1000 as p50'),
        this.db.raw('percentile_cont(0.99) within group (order by extract(epoch from processed_at - received_at)) * 1000 as p99'),
      );
    return { p50: Number(row?.p50 ?? NaN), p99: Number(row?.p99 ?? NaN), offered: result.requests.total, accepted: result['2xx'] };
  }
}

/** Which processes ran, for the section's name, title and first sentence. */
function describeLayout(engine: string | null): { section: string; title: string; processes: string; env: string } {
  const apart = 'Ingest, the queue consumer and the Temporal worker each in a process of its own (as `npm start` runs them),';
  const together = 'Ingest, and the Temporal worker with the queue consumer in one process (workflows/worker-with-consumer.ts, eager workflow starts),';
  const env = `${COPIES === 1 ? '' : `BENCH_E2E_COPIES=${COPIES} `}${WORKER_WITH_CONSUMER ? 'BENCH_E2E_WORKER_WITH_CONSUMER=true ' : ''}${COMPILED ? 'BENCH_E2E_COMPILED=true ' : ''}${
    process.env.BENCH_E2E_WORKER_ENV ? `BENCH_E2E_WORKER_ENV='${process.env.BENCH_E2E_WORKER_ENV}' ` : ''
  }${process.env.BENCH_E2E_LABEL ? `BENCH_E2E_LABEL=${process.env.BENCH_E2E_LABEL} ` : ''}`;
  const name = [
    COPIES === 1 ? '' : `${COPIES}-copies`,
    WORKER_WITH_CONSUMER ? 'worker-with-consumer' : '',
    COMPILED ? 'compiled' : '',
    process.env.BENCH_E2E_LABEL ?? '',
    engine ? `engine-${engine.replace(':', '-')}` : '',
  ]
    .filter(Boolean)
    .join('-');
  const title = [
    COPIES === 1 ? '' : `${COPIES} copies of each process`,
    WORKER_WITH_CONSUMER ? 'worker and consumer in one process' : '',
    COMPILED ? 'the production build in dist/, plain node' : '',
    engine ? engineOptions(engine).label : '',
  ]
    .filter(Boolean)
    .join(', ');
  return {
    section: name ? `end-to-end-${name}` : 'end-to-end',
    title: title ? ` (${title})` : '',
    processes:
      COPIES === 1
        ? WORKER_WITH_CONSUMER
          ? together
          : apart
        : `${COPIES} copies of: ${WORKER_WITH_CONSUMER ? together : apart} the load spread over the ingest copies,`,
    env,
  };
}

async function freshDatabase(url: string): Promise<Db> {
  await ensureDatabaseExists(url);
  const admin = createDb(url.replace(/\/[^/]+$/, '/postgres'), { min: 0, max: 1 });
  const name = new URL(url).pathname.slice(1);
  await admin.raw('drop database if exists ?? with (force)', [name]);
  await admin.raw('create database ??', [name]);
  await admin.destroy();
  const db = createDb(url, { min: 0, max: 2 });
  await migrateToLatest(db);
  return db;
}

export async function runEndToEndBenchmark(): Promise<void> {
  console.log(`\n== end to end: stages ${STAGES.map(thousands).join(', ')} orders, then ${LATENCY_RATE}/s for ${LATENCY_SECONDS} s`);
  const summaries: EngineSummary[] = [];
  for (const engine of ENGINES.length ? ENGINES : [null]) {
    if (engine) console.log(`\n== on ${engineOptions(engine).label}`);
    const temporal = await startOwnTemporal(engine ? engineOptions(engine).options : {});
    try {
      summaries.push(await benchAgainst(temporal, engine));
    } finally {
      // Also when a process fails to start: a server left running would skew every later run.
      await temporal.destroy();
    }
  }
  if (ENGINES.length) await writeEnginesSection(summaries);
}

/** The engines side by side (BENCH_E2E_ENGINES), from the sections each one wrote. */
async function writeEnginesSection(summaries: EngineSummary[]): Promise<void> {
  const base = summaries[0]!;
  const total = (s: EngineSummary) => GROUPS.reduce((sum, g) => sum + s.cpuMsPerOrder[g], 0);
  await writeBenchmarkSection('engines', [
    '## The two Temporal engines side by side: the dev server and temporal-server on PostgreSQL',
    '',
    `One run (${new Date().toISOString().slice(0, 10)}), one engine after another, each with its own fresh Temporal and the same`,
    `app processes (${COMPILED ? 'the production build in dist/, plain node' : 'from source through tsx'}), stages of ${STAGES.map(thousands).join(', ')} orders, then ${LATENCY_RATE} orders/s for ${LATENCY_SECONDS} s,`,
    `then ${thousands(BARE_WORKFLOWS)} empty workflows (bench/empty-workflow-loop.ts) on the same server. The 2-core machine's load`,
    `average was ${LOAD_AT_START.toFixed(2)} when the run began (under 1: nothing else ran; more: shared, so compare the rows with each other`,
    'only). The PostgreSQL column',
    "counts every PostgreSQL backend: on temporal-server it includes Temporal's own persistence and visibility.",
    '',
    '| engine | credited orders/s (fastest stage) | CPU ms per order: ingest / consumer / worker / Temporal / PostgreSQL / Redis = total | p50 / p99 at ' +
      `${LATENCY_RATE}/s | empty workflows/s | Temporal CPU ms per empty workflow | pipeline / empty loop (throughput) | Temporal peak RSS |`,
    '| --- | ---: | --- | ---: | ---: | ---: | ---: | ---: |',
    ...summaries.map(
      (s) =>
        `| ${engineOptions(s.engine).label} | ${thousands(s.creditedPerSecond)} | ${GROUPS.map((g) => s.cpuMsPerOrder[g].toFixed(2)).join(' / ')} = **${total(s).toFixed(2)}** | ` +
        `${s.p50.toFixed(0)} / ${s.p99.toFixed(0)} ms | ${thousands(s.bare.perSecond)} | ${s.bare.temporalCpuMs.toFixed(2)} | ${ratio(s.creditedPerSecond, s.bare.perSecond)} | ${s.temporalRssMiB.toFixed(0)} MiB |`,
    ),
    '',
    `Against the first row (${engineOptions(base.engine).label}): ` +
      summaries
        .slice(1)
        .map(
          (s) =>
            `${engineOptions(s.engine).label} credits ${ratio(s.creditedPerSecond, base.creditedPerSecond)} of its orders/s at ${(total(s) / total(base)).toFixed(2)}× the CPU per order (Temporal alone ${(s.cpuMsPerOrder.temporal / base.cpuMsPerOrder.temporal).toFixed(2)}×, PostgreSQL ${(s.cpuMsPerOrder.postgres / base.cpuMsPerOrder.postgres).toFixed(2)}×)`,
        )
        .join('; ') +
      '.',
    '',
    '```sh',
    `${COMPILED ? 'BENCH_E2E_COMPILED=true ' : ''}BENCH_E2E_ENGINES=${ENGINES.join(',')} BENCH_ONLY=e2e BENCH_E2E_STAGES=${STAGES.join(',')} BENCH_E2E_RATE=${LATENCY_RATE} BENCH_E2E_SECONDS=${LATENCY_SECONDS} BENCH_E2E_BARE_WORKFLOWS=${BARE_WORKFLOWS} npm run bench`,
    '```',
  ]);
}

async function benchAgainst(temporal: OwnTemporal, engine: string | null): Promise<EngineSummary> {
  const config: Config = loadConfig({
    ...process.env,
    DATABASE_URL: process.env.BENCH_E2E_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/influtrace_bench_e2e',
    QUEUE_PREFIX: `influtrace-bench-e2e-${randomString(4)}`,
    TEMPORAL_ADDRESS: temporal.address,
    TEMPORAL_TASK_QUEUE: `bench-${randomString(6)}`,
    // Metrics on ports of their own choosing: copies of a process would otherwise share one.
    WORKER_METRICS_PORT: '0',
    CONSUMER_METRICS_PORT: '0',
  });
  const db = await freshDatabase(config.databaseUrl);
  const seed = await seedDemo(db, { storeUrl: STORE_ORIGIN, publicIngestUrl: 'http://127.0.0.1' });
  // Production settings for ingest: the default per-client limit, client addresses from the proxy.
  const services = await startServiceCopies(config, {
    copies: COPIES,
    workerWithConsumer: WORKER_WITH_CONSUMER,
    compiled: COMPILED,
    env: {
      ingest: {
        RATE_LIMIT_BEACONS_PER_MINUTE: '600',
        TRUST_PROXY: 'true',
        NODE_ENV: 'production',
        // Production requires the webhook secret key (issue 15); the bench's own, made for this run.
        WEBHOOK_SECRET_KEY: randomBytes(32).toString('base64'),
        ...profiling('ingest'),
      },
      consumer: profiling('consumer'),
      worker: { ...WORKER_ENV, ...profiling('worker') },
      'worker-with-consumer': { ...WORKER_ENV, ...profiling('worker') },
    },
  }).catch(async (err: unknown) => {
    await db.destroy();
    throw err;
  });
  // With the consumer inside the worker process, its CPU and memory are counted as the worker's.
  const pidsIn = (...names: string[]) => services.processes.filter((p) => names.includes(p.name)).map((p) => p.service.pid);
  const pidsOf: Record<ProcessGroup, () => number[]> = {
    ingest: () => pidsIn('ingest'),
    consumer: () => pidsIn('consumer'),
    worker: () => pidsIn('worker', 'worker-with-consumer'),
    temporal: () => temporal.serverPids(),
    postgres: () => pidsMatching('postgres'),
    redis: () => pidsMatching('redis-server', ':6379'),
  };
  const bench = new Bench(db, services, seed.integrationId, seed.couponCode, pidsOf);
  const stages: StageResult[] = [];
  const layout = describeLayout(engine);
  const engineDescription = engine ? engineOptions(engine).description : "a Temporal dev server of the bench's own (SQLite)";
  try {
    let expected = 0;
    for (const size of STAGES) {
      const stage = await bench.stage(size, expected);
      expected += stage.accepted;
      stages.push(stage);
      console.log(
        `  ${thousands(stage.accepted)} accepted (${stage.refused} refused, ${stage.errors} errors) in ${stage.acceptSeconds.toFixed(1)} s; ` +
          `drained in ${stage.drainSeconds.toFixed(1)} s: ${thousands(stage.accepted / stage.drainSeconds)} credited orders/s; lost ${stage.lost}`,
      );
    }
    const latency = await bench.latency(LATENCY_RATE, LATENCY_SECONDS);
    console.log(`  latency at ${LATENCY_RATE}/s: p50 ${latency.p50.toFixed(0)} ms, p99 ${latency.p99.toFixed(0)} ms`);
    console.log(`  ${thousands(BARE_WORKFLOWS)} empty workflows on the same Temporal`);
    const bare = await runEmptyWorkflowLoop(temporal.address, pidsOf.temporal, BARE_WORKFLOWS);
    console.log(
      `  bare loop: ${thousands(bare.perSecond)} workflows/s, Temporal ${bare.temporalCpuMs.toFixed(2)} ms + Node ${bare.nodeCpuMs.toFixed(2)} ms each`,
    );
    const best = stages.reduce((a, b) => (b.accepted / b.drainSeconds > a.accepted / a.drainSeconds ? b : a));
    const totalCpu = (st: StageResult) => GROUPS.reduce((sum, g) => sum + st.cpuMsPerOrder[g], 0);
    const peakOf = (group: ProcessGroup) => Math.max(0, ...pidsOf[group]().map(peakRssMiB));
    const rss = {
      ingest: peakOf('ingest'),
      consumer: peakOf('consumer'),
      worker: peakOf('worker'),
      temporal: Math.max(0, ...pidsOf.temporal().map(peakRssMiB)),
    };
    const redisPid = pidsOf.redis()[0];
    const cpu = (s: StageResult) =>
      `${GROUPS.map((g) => s.cpuMsPerOrder[g].toFixed(2)).join(' / ')} = **${GROUPS.reduce((sum, g) => sum + s.cpuMsPerOrder[g], 0).toFixed(2)}**`;
    await writeBenchmarkSection(layout.section, [
      `## End to end: beacon to credited order${layout.title}`,
      '',
      layout.processes,
      `${engineDescription}, the local PostgreSQL and Redis, all on this 2-core machine, with the load generator`,
      `(autocannon, ${CONNECTIONS} connections) on the same cores (${new Date().toISOString().slice(0, 10)}). Every order carries a coupon enabled on`,
      'the integration, so each one ends credited; each comes from a client address of its own (X-Forwarded-For behind a trusted',
      'proxy), so the default per-client rate limit (600/min) stays on. Stages run one after another on the same tables; a stage',
      'is drained when every accepted order has its row in `orders`. "lost" is accepted minus rows; "duplicates" counts reports',
      'recorded as duplicates (none are sent).',
      '',
      '| stage | orders in the tables after | accepted / offered | refused | accepted in | drained in (from first beacon) | credited orders/s | lost | duplicates | CPU ms per order: ingest / consumer / worker / Temporal / PostgreSQL / Redis = total |',
      '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |',
      ...stages.map(
        (s, i) =>
          `| ${i + 1}${s.offered === 50_000 ? ' (burst)' : ''} | ${thousands(s.ordersAfter)} | ${thousands(s.accepted)} / ${thousands(s.offered)} | ${s.refused + s.errors} | ${s.acceptSeconds.toFixed(1)} s | ${s.drainSeconds.toFixed(1)} s | ${thousands(s.accepted / s.drainSeconds)} | ${s.lost} | ${s.duplicates} | ${cpu(s)} |`,
      ),
      '',
      `Beacon-to-credited latency at a fixed offered rate of ${LATENCY_RATE} orders/s for ${LATENCY_SECONDS} s (${thousands(latency.accepted)} of ${thousands(latency.offered)} accepted),`,
      `from the report's arrival at ingest to its outcome written in PostgreSQL: **p50 ${latency.p50.toFixed(0)} ms, p99 ${latency.p99.toFixed(0)} ms**.`,
      '',
      `The bare loop on the same Temporal right after (${thousands(bare.workflows)} empty workflows, eager plain starts, at most 200 at once, worker and client in the bench's process):`,
      '',
      '| | per second | CPU ms per item: Temporal | all processes |',
      '| --- | ---: | ---: | ---: |',
      `| empty workflow, bare loop | ${thousands(bare.perSecond)} | ${bare.temporalCpuMs.toFixed(2)} | ${(bare.temporalCpuMs + bare.nodeCpuMs).toFixed(2)} |`,
      `| credited order, the pipeline (fastest stage) | ${thousands(best.accepted / best.drainSeconds)} | ${best.cpuMsPerOrder.temporal.toFixed(2)} | ${totalCpu(best).toFixed(2)} |`,
      `| pipeline / bare loop | ${ratio(best.accepted / best.drainSeconds, bare.perSecond)} | ${(best.cpuMsPerOrder.temporal / bare.temporalCpuMs).toFixed(2)}× | ${(totalCpu(best) / (bare.temporalCpuMs + bare.nodeCpuMs)).toFixed(2)}× |`,
      '',
      `| process (peak of ${COPIES === 1 ? 'the one copy' : `${COPIES} copies`}) | peak RSS |`,
      '| --- | ---: |',
      `| ingest | ${rss.ingest.toFixed(0)} MiB |`,
      ...(WORKER_WITH_CONSUMER ? [] : [`| queue consumer | ${rss.consumer.toFixed(0)} MiB |`]),
      `| ${WORKER_WITH_CONSUMER ? 'worker with consumer' : 'Temporal worker'} | ${rss.worker.toFixed(0)} MiB |`,
      `| ${engine ? engineOptions(engine).label : 'Temporal dev server'} | ${rss.temporal.toFixed(0)} MiB |`,
      `| Redis (whole server, shared) | ${redisPid ? peakRssMiB(redisPid).toFixed(0) : '?'} MiB |`,
      '',
      '```sh',
      `${layout.env}${engine ? `BENCH_E2E_ENGINES=${ENGINES.join(',')} ` : ''}BENCH_ONLY=e2e BENCH_E2E_STAGES=${STAGES.join(',')} BENCH_E2E_RATE=${LATENCY_RATE} npm run bench`,
      '```',
    ]);
    return {
      engine: engine ?? 'dev',
      creditedPerSecond: best.accepted / best.drainSeconds,
      cpuMsPerOrder: best.cpuMsPerOrder,
      p50: latency.p50,
      p99: latency.p99,
      bare,
      temporalRssMiB: rss.temporal,
    };
  } finally {
    await services.stop();
    await db.destroy();
  }
}
