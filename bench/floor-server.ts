/**
 * The floor: the least a step can cost on this stack. A bare Hono route pair with no journey, no
 * statechart and no views: the POST reads and writes one Redis key and answers 303, the GET reads it
 * and returns a page of the same size as the real step's.
 */
import { readFileSync } from 'node:fs';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { getCookie } from 'hono/cookie';
import { Redis } from 'ioredis';

const page = readFileSync(process.env.PAGE_FILE ?? '', 'utf8');
const redis = new Redis(process.env.REDIS_URL ?? '');
const app = new Hono();
const key = (id: string | undefined) => `floor:{${id ?? 'none'}}`;

app.get('/healthz', (c) => c.text('ok'));
app.post('/step', async (c) => {
  await c.req.parseBody();
  const k = key(getCookie(c, 'sid'));
  const count = Number((await redis.get(k)) ?? 0);
  await redis.set(k, String(count + 1), 'EX', 3600);
  return c.redirect('/step', 303);
});
app.get('/step', async (c) => {
  await redis.get(key(getCookie(c, 'sid')));
  return c.html(page);
});

serve({ fetch: app.fetch, hostname: process.env.HOST ?? '127.0.0.1', port: Number(process.env.PORT) });
