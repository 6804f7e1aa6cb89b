import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import Provider from 'oidc-provider';

export type ProviderAccount = { email: string; email_verified: boolean };
export type ProviderClient = { clientId: string; clientSecret: string; redirectUri: string };
export type TestProvider = {
  issuer: string;
  /** Accounts by login name (the dev login form accepts any password). */
  accounts: Map<string, ProviderAccount>;
  /** Rewrites the token endpoint's JSON answer while set (to hand the client a token it should refuse). */
  rewriteTokenAnswer: ((body: Record<string, unknown>) => Record<string, unknown>) | null;
  close(): Promise<void>;
};

/**
 * A real OpenID provider (`oidc-provider`) on 127.0.0.1: code flow with PKCE required, its
 * development login and consent pages, the `email` scope giving `email` and `email_verified`
 * (served from userinfo, as conforming providers do when an access token is issued).
 */
export async function startOpenIdProvider(clients: ProviderClient[]): Promise<TestProvider> {
  let handle: (req: IncomingMessage, res: ServerResponse) => void = (_req, res) => res.end();
  const server = createServer((req, res) => handle(req, res));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const accounts = new Map<string, ProviderAccount>();
  const provider = new Provider(issuer, {
    clients: clients.map((c) => ({
      client_id: c.clientId,
      client_secret: c.clientSecret,
      redirect_uris: [c.redirectUri],
      token_endpoint_auth_method: 'client_secret_post',
      response_types: ['code'],
      grant_types: ['authorization_code'],
    })),
    claims: { openid: ['sub'], email: ['email', 'email_verified'] },
    pkce: { required: () => true },
    cookies: { keys: ['a test provider key, not a secret'] },
    features: { devInteractions: { enabled: true } },
    async findAccount(_ctx, id) {
      const account = accounts.get(id);
      return account && { accountId: id, claims: async () => ({ sub: id, ...account }) };
    },
  });
  const state: TestProvider = {
    issuer,
    accounts,
    rewriteTokenAnswer: null,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
  provider.use(async (ctx, next) => {
    await next();
    if (ctx.path === '/token' && ctx.status === 200 && state.rewriteTokenAnswer) ctx.body = state.rewriteTokenAnswer(ctx.body as Record<string, unknown>);
  });
  handle = provider.callback();
  return state;
}
