import { isbot } from 'isbot';
import { LRUCache } from 'lru-cache';

/** Why a tracking-link request redirects without recording a click (the `reason` of `influtrace_clicks_filtered_total`). */
export type ClickFilterReason = 'head' | 'no_user_agent' | 'bot';

/**
 * The in-app browsers of Facebook (`FBAN/`, `FBAV/`, `FB_IAB/`), Instagram and TikTok
 * (`musical_ly`, `BytedanceWebview`): people reading a post, who must count even if a later
 * `isbot` release starts matching part of their User-Agent.
 */
const IN_APP_BROWSER = /\bFBAN\/|\bFBAV\/|\bFB_IAB\/|\bInstagram \d|\bmusical_ly|\bBytedanceWebview\//;
/** Link-preview fetchers that borrow a browser's User-Agent (iMessage's preview says Safari, then facebookexternalhit). */
const PREVIEW_FETCHER = /facebookexternalhit|facebookcatalog|\bFacebot\b|meta-externalagent|Twitterbot/i;

/** Browsers' User-Agents repeat a great deal: the verdicts on the most recent are kept, those of plausible length only. */
const verdicts = new LRUCache<string, ClickFilterReason | 'person'>({ max: 2_000 });
const MAX_CACHED_USER_AGENT_LENGTH = 512;

function userAgentVerdict(userAgent: string): ClickFilterReason | null {
  if (PREVIEW_FETCHER.test(userAgent)) return 'bot';
  if (IN_APP_BROWSER.test(userAgent)) return null;
  return isbot(userAgent) ? 'bot' : null;
}

/**
 * Whether a request to a tracking link is a person's click (null) or why it is not: a HEAD
 * request, no User-Agent at all, or a bot, crawler or link preview by the `isbot` package's list
 * (headless browsers included). In-app browsers count unless they also name a preview fetcher.
 */
export function filterClick(request: { method: string; userAgent: string | undefined }): ClickFilterReason | null {
  if (request.method === 'HEAD') return 'head';
  const userAgent = request.userAgent?.trim() ?? '';
  if (userAgent === '') return 'no_user_agent';
  if (userAgent.length > MAX_CACHED_USER_AGENT_LENGTH) return userAgentVerdict(userAgent);
  const known = verdicts.get(userAgent);
  if (known !== undefined) return known === 'person' ? null : known;
  const verdict = userAgentVerdict(userAgent);
  verdicts.set(userAgent, verdict ?? 'person');
  return verdict;
}
