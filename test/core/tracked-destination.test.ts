import { expect } from 'chai';
import { createTrackedDestinations, trackedDestination } from '../../ingest/routes/tracking-redirect';

describe('the tracking redirect’s destination URL, remembered per link', () => {
  const destinations = [
    'https://shop.example.com/',
    'https://shop.example.com/spring?utm_source=ava&utm_medium=bio',
    'https://shop.example.com/p?q=a%20b+c&empty=&flag',
    'https://shop.example.com/p?ref=old&x=1',
    'https://shop.example.com/p?itc=clk_old&x=1',
    'https://shop.example.com/p#reviews',
    'https://shop.example.com/p?x=1#',
    'https://shop.example.com/p?#top',
    'https://shop.example.com:8443/ünïcode/path?name=Zoë',
  ];

  for (const destination of destinations) {
    it(`is what building it from ${destination} gives, with and without a click id, again and again`, () => {
      const tracked = createTrackedDestinations();
      for (let i = 0; i < 2; i += 1) {
        expect(tracked(destination, 'ava-x1y2', null)).to.equal(trackedDestination(destination, 'ava-x1y2', null));
        expect(tracked(destination, 'ava-x1y2', 'clk_0123456789abcdefghij')).to.equal(trackedDestination(destination, 'ava-x1y2', 'clk_0123456789abcdefghij'));
        expect(tracked(destination, 'other_code', 'clk_abcdefghij0123456789')).to.equal(
          trackedDestination(destination, 'other_code', 'clk_abcdefghij0123456789'),
        );
      }
    });
  }
});
