import { expect } from 'chai';
import { randomBytes } from 'node:crypto';
import { Webhook } from 'standardwebhooks';
import { openSecret, sealSecret } from '../../core/webhooks/secret-box';
import { newSigningSecret, webhookHeaders } from '../../core/webhooks/sign-webhook';
import { checkWebhookUrl, isPublicAddress, type Resolve } from '../../core/webhooks/url-policy';

const strict = (resolve?: Resolve) => ({ allowPrivateUrls: false, resolve });
const resolvesTo =
  (...addresses: string[]): Resolve =>
  async () =>
    addresses.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));

describe('webhook signing', () => {
  it('makes secrets of the Standard Webhooks form: whsec_ and base64 of 32 random bytes', () => {
    const secret = newSigningSecret();
    expect(secret).to.match(/^whsec_[A-Za-z0-9+/]{43}=$/);
    expect(Buffer.from(secret.slice(6), 'base64')).to.have.length(32);
    expect(newSigningSecret()).to.not.equal(secret);
  });

  it('signs so that the standardwebhooks library verifies the delivery as a receiver would', () => {
    const secret = newSigningSecret();
    const body = JSON.stringify({ id: 'evt_1', type: 'webhook.test', createdAt: new Date().toISOString(), data: { a: 1 } });
    const headers = webhookHeaders([secret], 'evt_1', Math.floor(Date.now() / 1000), body);
    expect(headers['webhook-signature']).to.match(/^v1,[A-Za-z0-9+/]+=*$/);
    expect(new Webhook(secret).verify(body, headers)).to.deep.include({ id: 'evt_1' });
  });

  it('lets each of two secrets verify during a rotation, and a changed body verify with neither', () => {
    const [current, previous] = [newSigningSecret(), newSigningSecret()];
    const body = '{"id":"evt_2"}';
    const headers = webhookHeaders([current, previous], 'evt_2', Math.floor(Date.now() / 1000), body);
    expect(headers['webhook-signature']!.split(' ')).to.have.length(2);
    expect(() => new Webhook(current).verify(body, headers)).to.not.throw();
    expect(() => new Webhook(previous).verify(body, headers)).to.not.throw();
    expect(() => new Webhook(newSigningSecret()).verify(body, headers)).to.throw();
    expect(() => new Webhook(current).verify('{"id":"evt_3"}', headers)).to.throw();
  });
});

describe('webhook secrets at rest', () => {
  const key = randomBytes(32);

  it('round-trips through AES-256-GCM and never stores the secret in clear', () => {
    const secret = newSigningSecret();
    const sealed = sealSecret(key, 'wh_a', secret);
    expect(sealed).to.not.include(secret.slice(6));
    expect(openSecret(key, 'wh_a', sealed)).to.equal(secret);
  });

  it('refuses a ciphertext opened with another key, for another endpoint, or tampered with', () => {
    const sealed = sealSecret(key, 'wh_a', newSigningSecret());
    expect(() => openSecret(randomBytes(32), 'wh_a', sealed)).to.throw();
    expect(() => openSecret(key, 'wh_b', sealed)).to.throw();
    const tampered = `${sealed.slice(0, -4)}${sealed.slice(-4) === 'AAAA' ? 'BBBB' : 'AAAA'}`;
    expect(() => openSecret(key, 'wh_a', tampered)).to.throw();
  });
});

describe('the webhook URL policy', () => {
  describe('with private URLs refused (WEBHOOK_ALLOW_PRIVATE_URLS=false)', () => {
    const refused = {
      loopback: ['127.0.0.1', '127.9.9.9', '::1', '::ffff:127.0.0.1'],
      private: ['10.0.0.1', '172.16.5.4', '192.168.1.1', 'fc00::1', 'fd12:3456::1'],
      'link-local': ['169.254.1.1', 'fe80::1'],
      metadata: ['169.254.169.254', 'fd00:ec2::254'],
      other: ['0.0.0.0', '100.64.0.1', '224.0.0.1', '255.255.255.255', '64:ff9b::a00:1', '2002:a00:1::1', '::'],
    };
    for (const [kind, addresses] of Object.entries(refused)) {
      it(`treats ${kind} addresses as not public: ${addresses.join(', ')}`, () => {
        for (const address of addresses) expect(isPublicAddress(address), address).to.equal(false);
      });
    }

    it('treats global unicast addresses as public', () => {
      for (const address of ['93.184.216.34', '8.8.8.8', '2606:4700:4700::1111', '::ffff:8.8.8.8']) expect(isPublicAddress(address), address).to.equal(true);
    });

    it('refuses literal private, loopback, link-local and metadata hosts', async () => {
      for (const url of [
        'https://127.0.0.1/h',
        'https://[::1]/h',
        'https://10.1.2.3/h',
        'https://169.254.169.254/latest',
        'https://[fd00:ec2::254]/',
        'https://0x7f.1/h',
      ]) {
        const check = await checkWebhookUrl(url, strict());
        expect(check.ok, url).to.equal(false);
      }
    });

    it('refuses a host name that resolves to 127.0.0.1 (localhost) or to any private address among public ones', async () => {
      expect((await checkWebhookUrl('https://localhost/h', strict())).ok).to.equal(false);
      expect((await checkWebhookUrl('https://hooks.example.test/h', strict(resolvesTo('93.184.216.34', '10.0.0.7')))).ok).to.equal(false);
      expect((await checkWebhookUrl('https://hooks.example.test/h', strict(resolvesTo('169.254.169.254')))).ok).to.equal(false);
    });

    it('accepts https to a host whose addresses are all public, and returns the addresses to connect to', async () => {
      const check = await checkWebhookUrl('https://hooks.example.test/h', strict(resolvesTo('93.184.216.34')));
      expect(check).to.deep.include({ ok: true, addresses: [{ address: '93.184.216.34', family: 4 }] });
    });

    it('refuses plain http, credentials, and a host that does not resolve', async () => {
      expect(await checkWebhookUrl('http://hooks.example.test/h', strict(resolvesTo('93.184.216.34')))).to.deep.include({
        ok: false,
        reason: 'must be an https URL',
      });
      expect((await checkWebhookUrl('https://u:p@hooks.example.test/h', strict(resolvesTo('93.184.216.34')))).ok).to.equal(false);
      const nowhere: Resolve = async () => {
        throw new Error('ENOTFOUND');
      };
      expect((await checkWebhookUrl('https://nowhere.example.test/h', strict(nowhere))).ok).to.equal(false);
    });
  });

  describe('with private URLs allowed (development and tests)', () => {
    it('accepts http and loopback URLs, and still refuses other schemes', async () => {
      expect((await checkWebhookUrl('http://127.0.0.1:9999/h', { allowPrivateUrls: true })).ok).to.equal(true);
      expect((await checkWebhookUrl('ftp://127.0.0.1/h', { allowPrivateUrls: true })).ok).to.equal(false);
      expect((await checkWebhookUrl('not a url', { allowPrivateUrls: true })).ok).to.equal(false);
    });
  });
});
