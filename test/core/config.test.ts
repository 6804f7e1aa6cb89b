import { expect } from 'chai';
import { ConfigError, loadConfig } from '../../core/config';

describe('configuration', () => {
  describe('when nothing is set', () => {
    it('uses the documented defaults', () => {
      const config = loadConfig({});
      expect(config.ingest).to.include({ host: '127.0.0.1', port: 8080, publicUrl: 'http://127.0.0.1:8080' });
      expect(config.adminApi).to.deep.equal({ host: '127.0.0.1', port: 8081 });
      expect(config.databaseUrl).to.equal('postgres://postgres@127.0.0.1:5432/influtrace');
      expect(config.redisUrl).to.equal('redis://127.0.0.1:6379');
      expect(config.databaseIdleTimeoutMs, 'tarn’s own default').to.equal(30_000);
      expect(config.temporal).to.deep.equal({
        address: '127.0.0.1:7233',
        namespace: 'default',
        taskQueue: 'influtrace-orders',
        uiUrl: null,
        maxCachedWorkflows: null,
      });
    });
  });

  describe('when several variables are bad', () => {
    it('names every one of them at once', () => {
      let error: unknown;
      try {
        loadConfig({ INGEST_PORT: 'eighty', REDIS_URL: 'not a url', LOG_LEVEL: 'loud', DATABASE_IDLE_TIMEOUT_MS: '0' });
      } catch (err) {
        error = err;
      }
      expect(error).to.be.instanceOf(ConfigError);
      const problems = (error as ConfigError).problems.join('\n');
      expect(problems).to.include('INGEST_PORT').and.include('REDIS_URL').and.include('LOG_LEVEL').and.include('DATABASE_IDLE_TIMEOUT_MS');
    });
  });

  describe('when the public ingest URL ends with a slash', () => {
    it('drops it, so snippet and tracking URLs have no double slash', () => {
      expect(loadConfig({ PUBLIC_INGEST_URL: 'https://t.example.com/' }).ingest.publicUrl).to.equal('https://t.example.com');
    });
  });

  describe('when the Temporal UI is configured', () => {
    it('keeps TEMPORAL_UI_URL without a trailing slash, takes an empty one as unset, and refuses one that is not an http(s) URL', () => {
      expect(loadConfig({ TEMPORAL_UI_URL: 'http://127.0.0.1:8233/' }).temporal.uiUrl).to.equal('http://127.0.0.1:8233');
      expect(loadConfig({ TEMPORAL_UI_URL: '' }).temporal.uiUrl).to.equal(null);
      expect(() => loadConfig({ TEMPORAL_UI_URL: 'temporal ui' })).to.throw(ConfigError, /TEMPORAL_UI_URL/);
      expect(() => loadConfig({ TEMPORAL_UI_URL: 'javascript:alert(1)' })).to.throw(ConfigError, /TEMPORAL_UI_URL/);
    });
  });

  describe('for operators', () => {
    it('serves worker and consumer metrics on 9464 and 9465 of the admin API’s host, with the queue dashboard off', () => {
      const config = loadConfig({ ADMIN_API_HOST: '0.0.0.0' });
      expect(config.metrics).to.deep.equal({ host: '0.0.0.0', workerPort: 9464, consumerPort: 9465 });
      expect(config.operatorToken).to.equal(null);
    });

    it('leaves the worker’s workflow cache to the SDK unless WORKER_MAX_CACHED_WORKFLOWS is set, and refuses fewer than 2', () => {
      expect(loadConfig({ WORKER_MAX_CACHED_WORKFLOWS: '' }).temporal.maxCachedWorkflows).to.equal(null);
      expect(loadConfig({ WORKER_MAX_CACHED_WORKFLOWS: '400' }).temporal.maxCachedWorkflows).to.equal(400);
      expect(() => loadConfig({ WORKER_MAX_CACHED_WORKFLOWS: '1' })).to.throw(ConfigError, /WORKER_MAX_CACHED_WORKFLOWS/);
      expect(() => loadConfig({ WORKER_MAX_CACHED_WORKFLOWS: 'many' })).to.throw(ConfigError, /WORKER_MAX_CACHED_WORKFLOWS/);
    });

    it('takes an empty OPERATOR_TOKEN as unset, and refuses one shorter than 24 characters', () => {
      expect(loadConfig({ OPERATOR_TOKEN: '' }).operatorToken).to.equal(null);
      expect(loadConfig({ OPERATOR_TOKEN: 'x'.repeat(24) }).operatorToken).to.equal('x'.repeat(24));
      expect(() => loadConfig({ OPERATOR_TOKEN: 'short' })).to.throw(ConfigError, /OPERATOR_TOKEN/);
    });
  });
});
