/**
 * GET /analytics/funnel: the journey funnel for the service team, only when ANALYTICS_TOKEN is set.
 * The token comes as `Authorization: Bearer <token>`, or once through the login form, which sets a
 * short-lived signed HttpOnly cookie. Anything else gets 401 and the login form.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { type Context, Hono } from 'hono';
import { getCookie, setCookie } from 'hono/cookie';
import { csrf } from 'hono/csrf';
import type { Logger } from 'pino';
import { computeFunnel, parseSince, readPageViews } from '../analytics/funnel.js';
import { funnelLoginPage, funnelPage, TOKEN_FIELD } from '../analytics/funnel-page.js';
import { funnelSvg } from '../analytics/funnel-svg.js';
import { journeyGraph } from '../analytics/journey-graph.js';
import { pageTitles } from '../analytics/page-titles.js';
import type { AppConfig } from '../config.js';
import type { JourneyMachine } from '../machine/index.js';
import type { RedisClient } from '../services/journey-store/redis-script.js';
import { Layout } from '../views/layout.js';
import type { PageView } from '../views/types.js';
import { readForm } from './body.js';
import type { ReplyVariables } from './reply.js';

export interface AnalyticsDeps {
  config: Pick<
    AppConfig,
    'analyticsToken' | 'cookieSecret' | 'secureCookies' | 'origin' | 'site' | 'bodyLimitBytes'
  >;
  /** Where the audit stream is; null when the service keeps everything in memory. */
  redis: RedisClient | null;
  machine: JourneyMachine;
  now: () => number;
  logger: Logger;
}

export const ANALYTICS_PATH = '/analytics';
const SESSION_MS = 15 * 60_000;
const DAY_MS = 86_400_000;

type Env = { Variables: ReplyVariables };

function sameText(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** The analytics routes, or null when no token is configured (the paths are then 404). */
export function createAnalytics(deps: AnalyticsDeps): Hono<Env> | null {
  const token = deps.config.analyticsToken;
  if (!token) return null;
  const app = new Hono<Env>();
  const cookieName = deps.config.secureCookies ? '__Host-aa-analytics' : 'aa-analytics';
  // A new token or cookie secret ends every analytics session.
  const key = createHmac('sha256', deps.config.cookieSecret).update(`analytics:${token}`).digest();
  const sign = (expires: number) => createHmac('sha256', key).update(String(expires)).digest('base64url');
  const graph = journeyGraph(deps.machine);

  function authorised(c: Context<Env>): boolean {
    const header = c.req.header('authorization') ?? '';
    if (header.startsWith('Bearer ')) return sameText(header.slice(7).trim(), token as string);
    const [expires, signature] = (getCookie(c, cookieName) ?? '').split('.');
    return (
      !!expires && !!signature && Number(expires) > deps.now() && sameText(signature, sign(Number(expires)))
    );
  }

  function render(c: Context<Env>, status: number, view: PageView) {
    c.header('Cache-Control', 'no-store');
    const page = {
      csrfToken: '',
      cspNonce: c.get('secureHeadersNonce') ?? '',
      backLink: null,
      viewId: 'analytics',
      site: deps.config.site,
    };
    return c.html(String(Layout({ page, view })), status as 200);
  }

  const login = (c: Context<Env>, error?: string) => {
    c.header('WWW-Authenticate', 'Bearer realm="analytics"');
    return render(
      c,
      401,
      funnelLoginPage({ action: `${ANALYTICS_PATH}/login`, ...(error ? { error } : {}) }),
    );
  };

  /** The funnel over `?since=` (24 hours unless given; an unreadable value is taken as 24 hours). */
  async function funnelOf(c: Context<Env>) {
    const until = deps.now();
    let since: number;
    try {
      since = parseSince(c.req.query('since') ?? '24h', until);
    } catch {
      since = until - DAY_MS;
    }
    const titles = pageTitles();
    const views = deps.redis ? await readPageViews(deps.redis, { since, until }) : [];
    const funnel = computeFunnel(views, graph, titles, { since, until });
    return { funnel, svg: funnelSvg(funnel, graph, titles) };
  }

  app.get('/funnel', async (c) => {
    if (!authorised(c)) return login(c);
    const { funnel, svg } = await funnelOf(c);
    const since = c.req.query('since');
    const svgHref = `${ANALYTICS_PATH}/funnel.svg${since ? `?since=${encodeURIComponent(since)}` : ''}`;
    const problem = deps.redis
      ? undefined
      : 'This service runs without Redis, so there is no audit stream to read.';
    return render(c, 200, funnelPage({ funnel, svg, svgHref, ...(problem ? { problem } : {}) }));
  });

  app.get('/funnel.svg', async (c) => {
    if (!authorised(c)) return login(c);
    c.header('Cache-Control', 'no-store');
    return c.body((await funnelOf(c)).svg, 200, { 'content-type': 'image/svg+xml; charset=utf-8' });
  });

  loginRoute(app, deps, { token, cookieName, sign, login });

  return app;
}

/** The one-time login form: the token posted once, then a short-lived signed cookie. */
function loginRoute(
  app: Hono<Env>,
  deps: AnalyticsDeps,
  session: {
    token: string;
    cookieName: string;
    sign: (expires: number) => string;
    login: (c: Context<Env>, error?: string) => Response | Promise<Response>;
  },
) {
  const { token, cookieName, sign, login } = session;
  // The same Origin check as the journey's forms (Sec-Fetch-Site when the browser sends Origin: null).
  app.post('/login', csrf({ origin: deps.config.origin }), async (c) => {
    const body: Record<string, unknown> = (await readForm(c, deps.config.bodyLimitBytes)) ?? {};
    const given = typeof body[TOKEN_FIELD] === 'string' ? (body[TOKEN_FIELD] as string).trim() : '';
    if (!given) return login(c, 'Enter the analytics token');
    if (!sameText(given, token)) {
      deps.logger.warn('analytics login refused');
      return login(c, 'The analytics token is not right');
    }
    const expires = deps.now() + SESSION_MS;
    setCookie(c, cookieName, `${expires}.${sign(expires)}`, {
      httpOnly: true,
      secure: deps.config.secureCookies,
      sameSite: 'Strict',
      path: '/',
      maxAge: SESSION_MS / 1000,
    });
    return c.redirect(`${ANALYTICS_PATH}/funnel`, 303);
  });
}
