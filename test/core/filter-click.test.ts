import { expect } from 'chai';
import { filterClick } from '../../core/clicks/filter-click';
import { BOTS, PEOPLE } from '../support/user-agents';

describe('which tracking-link requests are clicks', () => {
  describe("a person's GET", () => {
    for (const [who, userAgent] of Object.entries(PEOPLE)) {
      it(`counts for ${who}`, () => {
        expect(filterClick({ method: 'GET', userAgent })).to.equal(null);
      });
    }
  });

  describe('a User-Agent seen before (its verdict is remembered)', () => {
    it('gets the same verdict again, a person and a bot alike', () => {
      for (const userAgent of [...Object.values(PEOPLE), ...Object.values(BOTS)]) {
        const first = filterClick({ method: 'GET', userAgent });
        expect(filterClick({ method: 'GET', userAgent }), userAgent).to.equal(first);
        expect(filterClick({ method: 'HEAD', userAgent }), userAgent).to.equal('head');
      }
    });
  });

  describe('a bot or link preview', () => {
    for (const [who, userAgent] of Object.entries(BOTS)) {
      it(`is filtered as a bot for ${who}`, () => {
        expect(filterClick({ method: 'GET', userAgent })).to.equal('bot');
      });
    }

    it("is filtered when an in-app browser's markers ride beside a preview fetcher's name", () => {
      expect(filterClick({ method: 'GET', userAgent: `${PEOPLE["Facebook's in-app browser (iOS, FBAN/FBAV)"]} facebookexternalhit/1.1` })).to.equal('bot');
    });
  });

  describe('a request that says nothing of itself', () => {
    const cases: Array<[string, string | undefined]> = [
      ['no User-Agent header', undefined],
      ['an empty User-Agent', ''],
      ['a User-Agent of spaces', '   '],
    ];
    for (const [what, userAgent] of cases) {
      it(`is filtered as no_user_agent with ${what}`, () => {
        expect(filterClick({ method: 'GET', userAgent })).to.equal('no_user_agent');
      });
    }
  });

  it("filters HEAD as head, even with a person's User-Agent", () => {
    expect(filterClick({ method: 'HEAD', userAgent: PEOPLE['Chrome (Windows)'] })).to.equal('head');
  });
});
