import { expect } from 'chai';
import { ConfigError, loadConfig } from '../../core/config';
import { captureLogs } from '../support/log-capture';

const productionKey = Buffer.alloc(32, 7).toString('base64');

describe('webhook configuration', () => {
  it('accepts private and http URLs in development and tests, and refuses them in production unless told otherwise', () => {
    expect(loadConfig({}).webhooks.allowPrivateUrls).to.equal(true);
    expect(loadConfig({ NODE_ENV: 'test' }).webhooks.allowPrivateUrls).to.equal(true);
    expect(loadConfig({ NODE_ENV: 'production', WEBHOOK_SECRET_KEY: productionKey }).webhooks.allowPrivateUrls).to.equal(false);
    expect(loadConfig({ WEBHOOK_ALLOW_PRIVATE_URLS: 'false' }).webhooks.allowPrivateUrls).to.equal(false);
  });

  it('requires WEBHOOK_SECRET_KEY in production, naming it beside every other problem', () => {
    let error: unknown;
    try {
      loadConfig({ NODE_ENV: 'production', INGEST_PORT: 'eighty' });
    } catch (err) {
      error = err;
    }
    expect(error).to.be.instanceOf(ConfigError);
    expect((error as ConfigError).problems.join('\n'))
      .to.include('WEBHOOK_SECRET_KEY')
      .and.include('INGEST_PORT');
  });

  it('refuses a key that is not 32 bytes of base64, and uses the one given', () => {
    expect(() => loadConfig({ WEBHOOK_SECRET_KEY: 'short' })).to.throw(ConfigError, /WEBHOOK_SECRET_KEY/);
    expect(() => loadConfig({ WEBHOOK_ALLOW_PRIVATE_URLS: 'maybe' })).to.throw(ConfigError, /WEBHOOK_ALLOW_PRIVATE_URLS/);
    expect(loadConfig({ NODE_ENV: 'production', WEBHOOK_SECRET_KEY: productionKey }).webhooks.secretKey.equals(Buffer.alloc(32, 7))).to.equal(true);
  });

  it('uses the documented delivery schedule: about 5 s, 30 s, 2 min, 10 min, 1 h, then every 6 hours for 3 days, 10 s per attempt', () => {
    const { delivery } = loadConfig({}).webhooks;
    expect(delivery.retryDelaysSeconds.slice(0, 6)).to.deep.equal([5, 30, 120, 600, 3600, 21600]);
    const total = delivery.retryDelaysSeconds.reduce((a, b) => a + b, 0);
    expect(total).to.be.within(3 * 86_400, 3 * 86_400 + 2 * 3600);
    expect(delivery.attemptTimeoutMs).to.equal(10_000);
    expect(delivery.disableAfterFailingSeconds).to.equal(3 * 86_400);
  });

  it('never logs a signing secret or the key', () => {
    const { log, text } = captureLogs();
    log.info({ secret: 'whsec_abc', endpoint: { secret: 'whsec_def' }, secretKey: 'key-bytes' }, 'endpoint created');
    expect(text()).to.include('endpoint created').and.not.include('whsec_').and.not.include('key-bytes');
  });
});
