/**
 * The conventional peer: the same step (a form post that fails validation, is saved, and redirects to
 * its page) on Express 5 with express-session in Redis through connect-redis, the usual stack for a
 * server-rendered form service.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { RedisStore } from 'connect-redis';
import express from 'express';
import session from 'express-session';
import { createClient } from 'redis';

declare module 'express-session' {
  interface SessionData {
    view: string;
    csrf: string;
    rev: number;
    errors: Record<string, string>;
  }
}

const page = readFileSync(process.env.PAGE_FILE ?? '', 'utf8');
const client = createClient({ url: process.env.REDIS_URL ?? '' });
await client.connect();

const app = express();
app.disable('x-powered-by');
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
  const body = req.body as Record<string, unknown>;
  if (body._csrf !== req.session.csrf) {
    res.status(403).end();
    return;
  }
  req.session.errors = body.soleAccess === 'yes' ? {} : { soleAccess: 'required' };
  req.session.rev = (req.session.rev ?? 0) + 1;
  res.redirect(303, '/app-instructions');
});
app.get('/app-instructions', (req, res) => {
  if (req.session.view !== 'app-instructions') {
    res.redirect(303, '/');
    return;
  }
  res.set('cache-control', 'no-store').type('html').send(page);
});

app.listen(Number(process.env.PORT), process.env.HOST ?? '127.0.0.1');
