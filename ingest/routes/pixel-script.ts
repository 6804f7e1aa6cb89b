import type Router from '@koa/router';
import type { PixelAsset } from '../pixel-asset';

import { PIXEL_PATH } from '../../core/public-paths';

/** Serves t.js with a short cache (so fixes reach stores within the hour) and an ETag for cheap revalidation. */
export function mountPixelRoute(router: Router, pixel: PixelAsset): void {
  router.get(PIXEL_PATH, (ctx) => {
    ctx.set('Cache-Control', 'public, max-age=3600, stale-while-revalidate=86400');
    ctx.set('ETag', pixel.etag);
    ctx.set('Access-Control-Allow-Origin', '*');
    ctx.set('Cross-Origin-Resource-Policy', 'cross-origin');
    ctx.vary('Accept-Encoding');
    ctx.type = 'application/javascript; charset=utf-8';
    // ctx.fresh compares weakly and understands lists, as If-None-Match requires.
    ctx.status = 200;
    if (ctx.fresh) {
      ctx.status = 304;
      return;
    }
    if (ctx.acceptsEncodings('gzip', 'identity') === 'gzip') {
      ctx.set('Content-Encoding', 'gzip');
      ctx.body = pixel.gzipped;
    } else {
      ctx.body = pixel.code;
    }
  });
}
