/**
 * A small browser for HTTP tests: keeps cookies, sends the Origin header, follows 303s,
 * and reads forms (action, hidden CSRF token) off the pages it gets.
 */
export interface Page {
  status: number;
  url: string;
  html: string;
  headers: Headers;
}

export class HttpClient {
  private cookies = new Map<string, string>();
  last: Page | null = null;

  constructor(
    readonly baseUrl: string,
    private readonly fetchImpl: (req: Request) => Promise<Response> | Response = (req) => fetch(req),
  ) {}

  get origin() {
    return new URL(this.baseUrl).origin;
  }

  setCookie(name: string, value: string) {
    this.cookies.set(name, value);
  }

  cookie(name: string) {
    return this.cookies.get(name);
  }

  dropCookies() {
    this.cookies.clear();
  }

  deleteCookie(name: string) {
    this.cookies.delete(name);
  }

  private cookieHeader() {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  private keepCookies(res: Response) {
    for (const line of res.headers.getSetCookie()) {
      const [pair, ...attrs] = line.split(';');
      const eq = (pair ?? '').indexOf('=');
      const name = (pair ?? '').slice(0, eq).trim();
      const value = (pair ?? '').slice(eq + 1).trim();
      const expired = attrs.some((a) => /max-age=0/i.test(a) || /expires=Thu, 01 Jan 1970/i.test(a));
      if (expired || value === '') this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }

  async raw(path: string, init: RequestInit = {}): Promise<Response> {
    const url = new URL(path, this.baseUrl);
    const headers = new Headers(init.headers);
    if (this.cookies.size && !headers.has('cookie')) headers.set('cookie', this.cookieHeader());
    const res = await this.fetchImpl(new Request(url, { ...init, headers, redirect: 'manual' }));
    this.keepCookies(res);
    return res;
  }

  /** GET, following redirects within this site (up to 10). */
  async get(path: string): Promise<Page> {
    let url = new URL(path, this.baseUrl).toString();
    for (let i = 0; i < 10; i++) {
      const res = await this.raw(url);
      const location = res.headers.get('location');
      if (res.status >= 300 && res.status < 400 && location) {
        const next = new URL(location, url);
        if (next.origin !== this.origin) {
          this.last = { status: res.status, url: next.toString(), html: '', headers: res.headers };
          return this.last;
        }
        url = next.toString();
        continue;
      }
      this.last = { status: res.status, url, html: await res.text(), headers: res.headers };
      return this.last;
    }
    throw new Error(`too many redirects from ${path}`);
  }

  /** POST a form like a browser (Origin header, urlencoded), then follow the redirect. */
  async post(
    path: string,
    fields: Record<string, string>,
    opts: { csrf?: string | null; origin?: string | null } = {},
  ): Promise<Page> {
    const body = new URLSearchParams(fields);
    const csrf = opts.csrf === undefined ? this.csrfToken() : opts.csrf;
    if (csrf !== null && csrf !== undefined) body.set('_csrf', csrf);
    const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded' };
    const origin = opts.origin === undefined ? this.origin : opts.origin;
    if (origin !== null) headers.origin = origin;
    const res = await this.raw(path, { method: 'POST', body, headers });
    const location = res.headers.get('location');
    if (res.status === 303 && location) {
      const next = new URL(location, new URL(path, this.baseUrl));
      if (next.origin !== this.origin) {
        this.last = { status: res.status, url: next.toString(), html: '', headers: res.headers };
        return this.last;
      }
      return this.get(next.toString());
    }
    this.last = {
      status: res.status,
      url: new URL(path, this.baseUrl).toString(),
      html: await res.text(),
      headers: res.headers,
    };
    return this.last;
  }

  csrfToken(): string | undefined {
    return this.last?.html.match(/name="_csrf" value="([^"]+)"/)?.[1];
  }

  /** The view id of the last page (its path under /add-authenticator/). */
  view(): string {
    const url = new URL(this.last?.url ?? this.baseUrl);
    return url.pathname.replace('/add-authenticator/', '');
  }
}
