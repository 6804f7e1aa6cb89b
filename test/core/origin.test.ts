import { expect } from 'chai';
import { beaconOrigin, parseDestinationUrl, parseWebsiteUrl } from '../../core/domain/origin';
import { AppError } from '../../core/errors';

/** Runs `parse` and returns the AppError it throws; fails the test when it accepts the input. */
function refusalOf(parse: (input: unknown) => unknown, input: unknown): AppError {
  let result: unknown;
  try {
    result = parse(input);
  } catch (err) {
    if (err instanceof AppError) return err;
    throw err;
  }
  throw new Error(`expected ${JSON.stringify(input)} to be refused, got ${JSON.stringify(result)}`);
}

describe('parseWebsiteUrl', () => {
  describe('when the URL is a bare http(s) origin', () => {
    it('keeps scheme and host as the registered origin', () => {
      expect(parseWebsiteUrl('https://shop.example.com')).to.deep.equal({ websiteUrl: 'https://shop.example.com', origin: 'https://shop.example.com' });
    });

    it('accepts a trailing slash and drops it', () => {
      expect(parseWebsiteUrl('https://shop.example.com/')).to.deep.equal({ websiteUrl: 'https://shop.example.com', origin: 'https://shop.example.com' });
    });

    it('lower-cases an upper-case scheme and host', () => {
      expect(parseWebsiteUrl('HTTPS://SHOP.Example.COM/').origin).to.equal('https://shop.example.com');
    });

    it('ignores surrounding whitespace pasted with the URL', () => {
      expect(parseWebsiteUrl('  https://shop.example.com  ').origin).to.equal('https://shop.example.com');
    });

    it('accepts plain http and keeps it distinct from https', () => {
      expect(parseWebsiteUrl('http://shop.example.com').origin).to.equal('http://shop.example.com');
    });
  });

  describe('when the URL names a port', () => {
    it('drops 443 for https', () => {
      expect(parseWebsiteUrl('https://shop.example.com:443/').origin).to.equal('https://shop.example.com');
    });

    it('drops 80 for http', () => {
      expect(parseWebsiteUrl('http://shop.example.com:80').origin).to.equal('http://shop.example.com');
    });

    it('keeps a non-default port, as browsers send it in Origin', () => {
      expect(parseWebsiteUrl('https://shop.example.com:8443').origin).to.equal('https://shop.example.com:8443');
    });

    it('keeps 443 on http, where it is not the default', () => {
      expect(parseWebsiteUrl('http://shop.example.com:443').origin).to.equal('http://shop.example.com:443');
    });
  });

  describe('when the URL is more than an origin or not http(s)', () => {
    const refused: Array<[string, unknown]> = [
      ['a path', 'https://shop.example.com/shop'],
      ['a path with a trailing slash', 'https://shop.example.com/shop/'],
      ['a query', 'https://shop.example.com/?utm_source=x'],
      ['a fragment', 'https://shop.example.com/#top'],
      ['a user and password', 'https://user:secret@shop.example.com'],
      ['a user only', 'https://user@shop.example.com'],
      ['an ftp: URL', 'ftp://shop.example.com'],
      ['a javascript: URL', 'javascript:alert(1)'],
      ['a data: URL', 'data:text/html,<h1>hi</h1>'],
      ['a host without a scheme', 'shop.example.com'],
      ['garbage', 'not a url at all'],
      ['an empty string', ''],
      ['a number', 42],
      ['null', null],
      ['undefined', undefined],
    ];
    for (const [what, input] of refused) {
      it(`refuses ${what} with invalid_website_url (400)`, () => {
        const err = refusalOf(parseWebsiteUrl, input);
        expect(err.code).to.equal('invalid_website_url');
        expect(err.status).to.equal(400);
        expect(err.details).to.deep.equal({ field: 'websiteUrl' });
        expect(err.message).to.be.a('string').and.not.equal('');
      });
    }
  });
});

describe('parseDestinationUrl', () => {
  describe('when the destination is an http(s) URL', () => {
    it('keeps its path, query and fragment', () => {
      expect(parseDestinationUrl('https://shop.example.com/spring?utm_source=ava#sale')).to.equal('https://shop.example.com/spring?utm_source=ava#sale');
    });

    it('normalises the host and drops the default port', () => {
      expect(parseDestinationUrl('HTTPS://Shop.Example.com:443/a')).to.equal('https://shop.example.com/a');
    });

    it('accepts plain http', () => {
      expect(parseDestinationUrl('http://shop.example.com/')).to.equal('http://shop.example.com/');
    });
  });

  describe('when the destination is unsafe or not a URL', () => {
    const refused: Array<[string, unknown]> = [
      ['a javascript: URL', 'javascript:alert(document.cookie)'],
      ['a data: URL', 'data:text/html,<script>alert(1)</script>'],
      ['an ftp: URL', 'ftp://shop.example.com/file'],
      ['credentials', 'https://user:secret@shop.example.com/'],
      ['a protocol-relative URL', '//evil.example.com/'],
      ['garbage', 'nope'],
      ['a non-string', { href: 'https://shop.example.com' }],
    ];
    for (const [what, input] of refused) {
      it(`refuses ${what} with invalid_destination_url (400)`, () => {
        const err = refusalOf(parseDestinationUrl, input);
        expect(err.code).to.equal('invalid_destination_url');
        expect(err.status).to.equal(400);
      });
    }
  });
});

describe('beaconOrigin', () => {
  describe('when the Origin header is present', () => {
    it('uses it and ignores the Referer', () => {
      expect(beaconOrigin('https://shop.example.com', 'https://other.example.com/thanks')).to.equal('https://shop.example.com');
    });

    it('normalises it like a registered origin', () => {
      expect(beaconOrigin('HTTPS://SHOP.EXAMPLE.COM:443', undefined)).to.equal('https://shop.example.com');
    });

    it('keeps a non-default port', () => {
      expect(beaconOrigin('http://localhost:3000', undefined)).to.equal('http://localhost:3000');
    });
  });

  describe('when only the Referer is present', () => {
    it("takes the Referer's origin, without path or query", () => {
      expect(beaconOrigin(undefined, 'https://shop.example.com/checkout/thanks?order=1#x')).to.equal('https://shop.example.com');
    });
  });

  describe("when the Origin is the opaque 'null'", () => {
    it('ignores it and falls back to the Referer', () => {
      expect(beaconOrigin('null', 'https://shop.example.com/thanks')).to.equal('https://shop.example.com');
    });

    it('answers null when there is no Referer either', () => {
      expect(beaconOrigin('null', undefined)).to.equal(null);
    });
  });

  describe('when neither header names an http(s) origin', () => {
    it('answers null for no headers', () => {
      expect(beaconOrigin(undefined, undefined)).to.equal(null);
    });

    it('answers null for empty headers', () => {
      expect(beaconOrigin('', '')).to.equal(null);
    });

    it('answers null for non-http(s) or garbage values', () => {
      expect(beaconOrigin('chrome-extension://abcdef', 'not a url')).to.equal(null);
    });
  });
});
