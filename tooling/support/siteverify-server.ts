/**
 * A loopback stand-in for a CAPTCHA provider's siteverify endpoint whose answer a test sets:
 * success, failure, a hang (to trip the client's timeout), a 500, or any status and body.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export type SiteverifyAnswer =
  | 'success'
  | 'failure'
  | 'hang'
  | 'error500'
  | { status: number; body: string; contentType?: string };

export interface SiteverifyRequest {
  method: string;
  path: string;
  contentType: string;
  /** The url-encoded form fields of the body. */
  form: Record<string, string>;
  rawBody: string;
}

export interface SiteverifyServer {
  port: number;
  /** http://127.0.0.1:PORT/siteverify */
  url: string;
  requests: SiteverifyRequest[];
  setAnswer(answer: SiteverifyAnswer): void;
  stop(): Promise<void>;
}

export async function startSiteverifyServer(
  initial: SiteverifyAnswer = 'success',
): Promise<SiteverifyServer> {
  const requests: SiteverifyRequest[] = [];
  let answer: SiteverifyAnswer = initial;

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const rawBody = Buffer.concat(chunks).toString('utf8');
      requests.push({
        method: req.method ?? '',
        path: req.url ?? '',
        contentType: req.headers['content-type'] ?? '',
        form: Object.fromEntries(new URLSearchParams(rawBody)),
        rawBody,
      });
      const reply = (status: number, body: string, contentType = 'application/json') => {
        res.writeHead(status, { 'content-type': contentType });
        res.end(body);
      };
      if (answer === 'hang') return; // never answers; stop() cuts the connection
      if (answer === 'success') {
        reply(
          200,
          JSON.stringify({ success: true, challenge_ts: new Date().toISOString(), hostname: 'localhost' }),
        );
      } else if (answer === 'failure') {
        reply(200, JSON.stringify({ success: false, 'error-codes': ['invalid-input-response'] }));
      } else if (answer === 'error500') {
        reply(500, JSON.stringify({ error: 'internal' }));
      } else {
        reply(answer.status, answer.body, answer.contentType);
      }
    });
  });

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const port = (server.address() as AddressInfo).port;

  return {
    port,
    url: `http://127.0.0.1:${port}/siteverify`,
    requests,
    setAnswer(next) {
      answer = next;
    },
    stop() {
      return new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}
