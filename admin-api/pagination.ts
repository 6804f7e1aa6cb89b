import { AppError } from '../core/errors';
import { parseBody } from './parse-body';
import { pageQuery } from './schemas/common';

export type Page = { limit: number; offset: number };

export function parsePage(query: unknown): Page {
  const { limit, cursor } = parseBody(pageQuery, query);
  return { limit, offset: cursor === undefined ? 0 : decodeOffset(cursor) };
}

function decodeOffset(cursor: string): number {
  const match = /^o(\d{1,9})$/.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  if (!match?.[1]) throw new AppError('validation_failed', 'cursor: not a cursor this API gave out', { field: 'cursor' });
  return Number(match[1]);
}

/** Asks the repository for one item more than the page holds, to know whether a next page exists. */
export async function paginate<T, V>(page: Page, fetch: (p: Page) => Promise<T[]>, view: (item: T) => V): Promise<{ data: V[]; nextCursor: string | null }> {
  const items = await fetch({ limit: page.limit + 1, offset: page.offset });
  const more = items.length > page.limit;
  return {
    data: items.slice(0, page.limit).map(view),
    nextCursor: more ? Buffer.from(`o${page.offset + page.limit}`, 'utf8').toString('base64url') : null,
  };
}
