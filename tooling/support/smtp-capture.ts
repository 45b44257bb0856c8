/**
 * A real SMTP server on loopback that keeps every message it receives, for tests that
 * must see the mail a component actually sent (headers, both MIME parts, encodings).
 */
import { EventEmitter } from 'node:events';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

export interface CapturedMail {
  /** The decoded From header, e.g. `Care Identity <no-reply@example.org>`. */
  from: string;
  /** The envelope recipients (RCPT TO), which is where the mail really goes. */
  to: string[];
  subject: string;
  text: string;
  html: string;
  raw: string;
  /** Every top-level header, names lower-cased, values unfolded and decoded. */
  headers: Record<string, string>;
}

export interface SmtpCapture {
  port: number;
  url: string;
  messages: CapturedMail[];
  waitFor(pred: (m: CapturedMail) => boolean, timeoutMs?: number): Promise<CapturedMail>;
  /** While down, every MAIL FROM is refused with a temporary failure. */
  setDown(down: boolean): void;
  stop(): Promise<void>;
}

export async function startSmtpCapture(): Promise<SmtpCapture> {
  const messages: CapturedMail[] = [];
  const arrivals = new EventEmitter();
  let down = false;

  const server = new SMTPServer({
    authOptional: true,
    // No STARTTLS: the client would otherwise try to upgrade to the server's self-signed certificate.
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    closeTimeout: 500,
    onMailFrom(_address, _session, callback) {
      if (down) {
        const err = Object.assign(new Error('Mail service is down'), { responseCode: 451 });
        callback(err);
        return;
      }
      callback();
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('error', callback);
      stream.on('end', () => {
        const bytes = Buffer.concat(chunks);
        const to = session.envelope.rcptTo.map((r) => r.address);
        const mail = parseMail(bytes, to);
        messages.push(mail);
        arrivals.emit('mail', mail);
        callback();
      });
    },
  });
  server.on('error', () => {
    // Connection-level errors (a client hanging up) are part of the tests, not failures of the capture.
  });

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const port = (server.server.address() as AddressInfo).port;

  return {
    port,
    url: `smtp://127.0.0.1:${port}`,
    messages,
    waitFor(pred, timeoutMs = 5000) {
      const already = messages.find(pred);
      if (already) return Promise.resolve(already);
      return new Promise<CapturedMail>((resolve, reject) => {
        const onMail = (mail: CapturedMail) => {
          if (!pred(mail)) return;
          clearTimeout(timer);
          arrivals.off('mail', onMail);
          resolve(mail);
        };
        const timer = setTimeout(() => {
          arrivals.off('mail', onMail);
          reject(new Error(`No matching mail within ${timeoutMs} ms (${messages.length} received)`));
        }, timeoutMs);
        arrivals.on('mail', onMail);
      });
    },
    setDown(value) {
      down = value;
    },
    stop() {
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

// ---------- a small MIME reader, enough for what nodemailer writes ----------

interface Part {
  headers: Map<string, string>;
  /** Body bytes as a latin1 string, so each char is one byte until the charset is applied. */
  body: string;
}

export function parseMail(bytes: Buffer, to: string[]): CapturedMail {
  const top = splitPart(bytes.toString('latin1').replace(/\r\n/g, '\n'));
  const found = { text: '', html: '' };
  collectBodies(top, found);
  const headers: Record<string, string> = {};
  for (const [name, value] of top.headers) headers[name] = decodeWords(value);
  return {
    from: headers.from ?? '',
    to,
    subject: headers.subject ?? '',
    text: found.text,
    html: found.html,
    raw: bytes.toString('utf8'),
    headers,
  };
}

function splitPart(source: string): Part {
  const end = source.indexOf('\n\n');
  const head = end === -1 ? source : source.slice(0, end);
  const body = end === -1 ? '' : source.slice(end + 2);
  const headers = new Map<string, string>();
  // Unfold continuation lines before splitting name from value.
  for (const line of head.replace(/\n[ \t]+/g, ' ').split('\n')) {
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    const name = line.slice(0, colon).trim().toLowerCase();
    if (!headers.has(name)) headers.set(name, line.slice(colon + 1).trim());
  }
  return { headers, body };
}

function collectBodies(part: Part, found: { text: string; html: string }): void {
  const { type, params } = parseContentType(part.headers.get('content-type') ?? 'text/plain');
  const disposition = (part.headers.get('content-disposition') ?? '').toLowerCase();
  if (type.startsWith('multipart/')) {
    const boundary = params.boundary;
    if (!boundary) return;
    for (const child of splitMultipart(part.body, boundary)) collectBodies(splitPart(child), found);
    return;
  }
  if (disposition.startsWith('attachment')) return;
  const content = decodeBody(part.body, part.headers.get('content-transfer-encoding'), params.charset);
  if (type === 'text/plain' && !found.text) found.text = content;
  if (type === 'text/html' && !found.html) found.html = content;
}

function splitMultipart(body: string, boundary: string): string[] {
  const parts: string[] = [];
  let current: string[] | null = null;
  for (const line of body.split('\n')) {
    const trimmed = line.trimEnd();
    if (trimmed === `--${boundary}--`) break;
    if (trimmed === `--${boundary}`) {
      if (current) parts.push(current.join('\n'));
      current = [];
      continue;
    }
    current?.push(line);
  }
  if (current) parts.push(current.join('\n'));
  return parts;
}

function parseContentType(value: string): { type: string; params: Record<string, string> } {
  const [typePart = '', ...rest] = value.split(';');
  const params: Record<string, string> = {};
  for (const param of rest) {
    const eq = param.indexOf('=');
    if (eq === -1) continue;
    const name = param.slice(0, eq).trim().toLowerCase();
    let val = param.slice(eq + 1).trim();
    if (val.startsWith('"') && val.endsWith('"')) val = val.slice(1, -1).replace(/\\(.)/g, '$1');
    params[name] = val;
  }
  return { type: typePart.trim().toLowerCase(), params };
}

function decodeBody(body: string, encoding: string | undefined, charset = 'utf-8'): string {
  const enc = (encoding ?? '7bit').trim().toLowerCase();
  let bytes: Buffer;
  if (enc === 'base64') bytes = Buffer.from(body.replace(/\s+/g, ''), 'base64');
  else if (enc === 'quoted-printable') bytes = decodeQuotedPrintable(body);
  else bytes = Buffer.from(body, 'latin1');
  // The MIME body ends before the newline that precedes the next boundary.
  return new TextDecoder(charset).decode(bytes).replace(/\n$/, '');
}

function decodeQuotedPrintable(body: string): Buffer {
  // Trailing whitespace is transport padding; `=` at a line end is a soft break.
  return decodeEscapes(body.replace(/[ \t]+$/gm, '').replace(/=\n/g, ''));
}

function decodeEscapes(unwrapped: string): Buffer {
  const out: number[] = [];
  for (let i = 0; i < unwrapped.length; i++) {
    const ch = unwrapped[i] as string;
    const hex = unwrapped.slice(i + 1, i + 3);
    if (ch === '=' && /^[0-9A-Fa-f]{2}$/.test(hex)) {
      out.push(Number.parseInt(hex, 16));
      i += 2;
    } else {
      out.push(ch.charCodeAt(0));
    }
  }
  return Buffer.from(out);
}

/** RFC 2047 encoded words; whitespace between two adjacent encoded words is dropped. */
function decodeWords(value: string): string {
  const joined = value.replace(/(\?=)\s+(=\?)/g, '$1$2');
  const raw = Buffer.from(joined, 'latin1').toString('utf8');
  return raw.replace(
    /=\?([^?]+)\?([BbQq])\?([^?]*)\?=/g,
    (_m, charset: string, kind: string, text: string) => {
      const bytes =
        kind.toUpperCase() === 'B' ? Buffer.from(text, 'base64') : decodeEscapes(text.replace(/_/g, ' '));
      return new TextDecoder(charset.split('*')[0]).decode(bytes);
    },
  );
}
