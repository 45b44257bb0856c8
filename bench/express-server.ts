/**
 * The conventional peer: the same step on the stack GOV.UK One Login's frontends run. Express 5,
 * express-session in Redis through connect-redis, helmet with a per-request CSP nonce, a CSRF token
 * checked against the session, pino-http logging every request at the service's level, and nunjucks
 * rendering the page from a template (the service's own page, with the form token, the nonces and the
 * error as template values).
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { RedisStore } from 'connect-redis';
import express, { type NextFunction, type Request, type Response } from 'express';
import session from 'express-session';
import helmet from 'helmet';
import nunjucks from 'nunjucks';
import { pinoHttp } from 'pino-http';
import { createClient } from 'redis';

declare module 'express-session' {
  interface SessionData {
    view: string;
    csrf: string;
    rev: number;
    errors: Record<string, string>;
  }
}

/** The service's page as a template: its form token and nonces become values filled per request. */
function templateFrom(html: string): string {
  const csrf = html.match(/name="_csrf" value="([^"]+)"/)?.[1];
  const nonce = html.match(/nonce="([^"]+)"/)?.[1];
  // Everything else is copied as it is (raw), so braces in the page are not template syntax.
  const value = (name: string) => `{% endraw %}{{ ${name} }}{% raw %}`;
  let template = `{% raw %}${html}{% endraw %}`;
  if (csrf) template = template.replaceAll(csrf, value('csrf'));
  if (nonce) template = template.replaceAll(nonce, value('nonce'));
  const error =
    '{% endraw %}{% if errors.soleAccess %}<p class="nhsuk-error-message">{{ errors.soleAccess }}</p>{% endif %}{% raw %}';
  return template.replace('<h1', `${error}<h1`);
}

const env = new nunjucks.Environment(null, { autoescape: true });
const page = nunjucks.compile(templateFrom(readFileSync(process.env.PAGE_FILE ?? '', 'utf8')), env);
const client = createClient({ url: process.env.REDIS_URL ?? '' });
await client.connect();

const app = express();
app.disable('x-powered-by');
app.use(pinoHttp({ level: process.env.LOG_LEVEL ?? 'info' }));
app.use((_req: Request, res: Response, next: NextFunction) => {
  res.locals.cspNonce = randomBytes(16).toString('base64');
  next();
});
app.use(
  helmet({
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'", (_req, res) => `'nonce-${(res as Response).locals.cspNonce}'`],
        frameAncestors: ["'none'"],
      },
    },
    strictTransportSecurity: false,
  }),
);
app.use(express.urlencoded({ extended: false, limit: '64kb' }));
app.use(
  session({
    store: new RedisStore({ client, prefix: 'sess:' }),
    secret: 'bench-session-secret-0123456789abcdef',
    name: 'sid',
    resave: false,
    saveUninitialized: false,
    cookie: { httpOnly: true, sameSite: 'lax', maxAge: 30 * 60_000 },
  }),
);

/** The form token of the session, compared in constant time. */
function csrfValid(req: Request): boolean {
  const given = Buffer.from(String((req.body as Record<string, unknown>)._csrf ?? ''));
  const expected = Buffer.from(req.session.csrf ?? '');
  return expected.length > 0 && given.length === expected.length && timingSafeEqual(given, expected);
}

app.get('/healthz', (_req, res) => {
  res.send('ok');
});
/** Opens a session at the step, as the journey before it would have. */
app.get('/prime', (req, res) => {
  req.session.view = 'app-instructions';
  req.session.csrf = randomBytes(16).toString('base64url');
  req.session.rev = 1;
  req.session.errors = {};
  res.json({ csrf: req.session.csrf });
});
app.post('/app-instructions', (req, res) => {
  if (!csrfValid(req)) {
    res.status(403).end();
    return;
  }
  const body = req.body as Record<string, unknown>;
  req.session.errors =
    body.soleAccess === 'yes'
      ? {}
      : { soleAccess: 'Confirm that only you have access to this authenticator app' };
  req.session.rev = (req.session.rev ?? 0) + 1;
  res.redirect(303, '/app-instructions');
});
app.get('/app-instructions', (req, res) => {
  if (req.session.view !== 'app-instructions') {
    res.redirect(303, '/');
    return;
  }
  const html = page.render({
    csrf: req.session.csrf,
    nonce: res.locals.cspNonce,
    errors: req.session.errors,
  });
  res.set('cache-control', 'no-store').type('html').send(html);
});

app.listen(Number(process.env.PORT), process.env.HOST ?? '127.0.0.1');
