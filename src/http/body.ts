/** Form bodies: urlencoded or multipart; anything else (or a body that cannot be read) is no form. */
import type { Context } from 'hono';

export type FormBody = Record<string, unknown> & { _csrf?: unknown };

export async function readForm(c: Context): Promise<FormBody | null> {
  const type = c.req.header('content-type') ?? '';
  if (!type.startsWith('application/x-www-form-urlencoded') && !type.startsWith('multipart/form-data'))
    return null;
  try {
    return (await c.req.parseBody({ all: true })) as FormBody;
  } catch {
    return null;
  }
}
