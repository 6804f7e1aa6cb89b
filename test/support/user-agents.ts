/**
 * Real User-Agents, as the tracking redirect sees them. Headless Chromium says "HeadlessChrome"
 * and Node's fetch says "node": both are bots to the redirect, so a test whose click must count
 * sends a person's User-Agent (CHROME_USER_AGENT) or opens its pages with `newShopperContext`.
 */
export const CHROME_USER_AGENT = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36';

/** People: browsers and the in-app browsers of social apps. Their clicks count. */
export const PEOPLE = {
  'Chrome (Windows)': CHROME_USER_AGENT,
  'Safari (macOS)': 'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Safari/605.1.15',
  'Safari (iOS)': 'Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1',
  'Firefox (Windows)': 'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0',
  'Samsung Internet':
    'Mozilla/5.0 (Linux; Android 14; SM-S928B) AppleWebKit/537.36 (KHTML, like Gecko) SamsungBrowser/26.0 Chrome/122.0.0.0 Mobile Safari/537.36',
  "Instagram's in-app browser (iOS)":
    'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 Instagram 339.0.3.12.91 (iPhone14,5; iOS 17_5; en_US; en; scale=3.00; 1170x2532; 619461904)',
  "Instagram's in-app browser (Android)":
    'Mozilla/5.0 (Linux; Android 14; Pixel 8 Build/AP2A.240805.005; wv) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/127.0.6533.103 Mobile Safari/537.36 Instagram 343.0.0.39.87 Android (34/14; 420dpi; 1080x2205; Google/google; Pixel 8; shiba; shiba; en_US; 624986285)',
  "TikTok's in-app browser (iOS)":
    'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 musical_ly_35.1.0 JsSdk/2.0 NetType/WIFI Channel/App Store ByteLocale/en Region/US ByteFullLocale/en-US isDarkEnable/false WKWebView/1 BytedanceWebview/d8a21c6',
  "TikTok's in-app browser (Android)":
    'Mozilla/5.0 (Linux; Android 14; SM-G991B Build/UP1A.231005.007; wv) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/126.0.6478.134 Mobile Safari/537.36 trill_350303 JsSdk/1.0 NetType/WIFI Channel/googleplay AppName/musical_ly app_version/35.3.3 ByteLocale/en ByteFullLocale/en Region/US AppId/1233 Spark/1.5.9.1 AppVersion/35.3.3 BytedanceWebview/d8a21c6',
  "Facebook's in-app browser (iOS, FBAN/FBAV)":
    'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 [FBAN/FBIOS;FBAV/470.0.0.38.108;FBBV/618238547;FBDV/iPhone14,5;FBMD/iPhone;FBSN/iOS;FBSV/17.5;FBSS/3;FBID/phone;FBLC/en_US;FBOP/5;FBRV/620196466]',
  "Facebook's in-app browser (Android, FB_IAB)":
    'Mozilla/5.0 (Linux; Android 14; SM-S918B Build/UP1A.231005.007; wv) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/126.0.6478.122 Mobile Safari/537.36 [FB_IAB/FB4A;FBAV/472.0.0.47.109;]',
} as const;

/** Link previews, crawlers and tools. Their requests are redirected without a click. */
export const BOTS = {
  'Slack link expanding': 'Slackbot-LinkExpanding 1.0 (+https://api.slack.com/robots)',
  "Facebook's link preview": 'facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)',
  "X's card fetcher": 'Twitterbot/1.0',
  "WhatsApp's link preview": 'WhatsApp/2.23.20.0 A',
  "Discord's link preview": 'Mozilla/5.0 (compatible; Discordbot/2.0; +https://discordapp.com)',
  "Telegram's link preview": 'TelegramBot (like TwitterBot)',
  "LinkedIn's link preview": 'LinkedInBot/1.0 (compatible; Mozilla/5.0; Apache-HttpClient +http://www.linkedin.com)',
  "iMessage's link preview":
    'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_11_1) AppleWebKit/601.2.4 (KHTML, like Gecko) Version/9.0.1 Safari/601.2.4 facebookexternalhit/1.1 Facebot Twitterbot/1.0',
  Googlebot: 'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)',
  curl: 'curl/8.5.0',
  'headless Chromium': 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/131.0.0.0 Safari/537.36',
  "Node's fetch": 'node',
} as const;
