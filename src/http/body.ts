/**
 * Form bodies: urlencoded or multipart; anything else (or a body that cannot be read) is no form.
 * The body is read up to BODY_LIMIT_BYTES (a longer one is a PayloadTooLarge, which the app answers
 * with 413), from the Node request itself when its length is declared. An urlencoded body is parsed
 * with URLSearchParams; a multipart one (rare: no page of ours sends one) through the fetch API.
 */
import type { IncomingMessage } from 'node:http';
import type { Context } from 'hono';

export type FormBody = Record<string, unknown> & { _csrf?: unknown };

export class PayloadTooLarge extends Error {
  constructor(readonly limit: number) {
    super(`request body over ${limit} bytes`);
    this.name = 'PayloadTooLarge';
  }
}

/** Whether the declared length is already over the limit (the body is then never read). */
export function declaredTooLarge(c: Context, limit: number): boolean {
  const length = c.req.header('content-length');
  return length !== undefined && Number(length) > limit;
}

/** A body read as a stream, counted as it comes (no declared length, or a request made in a test). */
async function readWebBody(req: Request, limit: number): Promise<Buffer> {
  if (!req.body) return Buffer.alloc(0);
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = req.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel().catch(() => undefined);
      throw new PayloadTooLarge(limit);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks, size);
}

/**
 * The raw body, at most `limit` bytes (else PayloadTooLarge). A request through the Node server with a
 * declared length within the limit (every browser form post) is read by @hono/node-server straight from
 * the Node request, with no web stream; anything else is counted as it streams in.
 */
export async function readBody(c: Context, limit: number): Promise<Buffer> {
  const incoming = (c.env as { incoming?: IncomingMessage } | undefined)?.incoming;
  const declared = c.req.header('content-length');
  if (incoming && declared !== undefined && /^\d+$/.test(declared)) {
    if (Number(declared) > limit) throw new PayloadTooLarge(limit);
    const body = Buffer.from(await c.req.arrayBuffer());
    // The parser holds a body to its declared length; this only guards against a mistake.
    if (body.length > limit) throw new PayloadTooLarge(limit);
    return body;
  }
  return readWebBody(c.req.raw, limit);
}

/** Urlencoded fields; a name given more than once gives an array, as hono's parseBody({ all: true }). */
export function parseUrlencoded(text: string): FormBody {
  const body: FormBody = Object.create(null);
  for (const [name, value] of new URLSearchParams(text)) {
    const before = body[name];
    if (before === undefined) body[name] = value;
    else if (Array.isArray(before)) before.push(value);
    else body[name] = [before, value];
  }
  return body;
}

async function parseMultipart(buffer: Buffer, type: string): Promise<FormBody> {
  const form = await new Request('http://localhost/', {
    method: 'POST',
    headers: { 'content-type': type },
    body: new Uint8Array(buffer),
  }).formData();
  const body: FormBody = Object.create(null);
  for (const [name, value] of form) {
    const before = body[name];
    if (before === undefined) body[name] = value;
    else if (Array.isArray(before)) before.push(value);
    else body[name] = [before, value];
  }
  return body;
}

/** The form, null when it is none or cannot be read; PayloadTooLarge past the limit. */
export async function readForm(c: Context, limit: number): Promise<FormBody | null> {
  const type = c.req.header('content-type') ?? '';
  const urlencoded = type.startsWith('application/x-www-form-urlencoded');
  if (!urlencoded && !type.startsWith('multipart/form-data')) return null;
  let buffer: Buffer;
  try {
    buffer = await readBody(c, limit);
  } catch (err) {
    if (err instanceof PayloadTooLarge) throw err;
    return null;
  }
  try {
    return urlencoded ? parseUrlencoded(buffer.toString('utf8')) : await parseMultipart(buffer, type);
  } catch {
    return null;
  }
}
