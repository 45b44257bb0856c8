/**
 * Drives one planned model path as real HTTP requests against the running service (real Redis, SMTP,
 * the embedded NHS.net Connect provider, software passkeys). The model names a service's answer; the
 * driver makes the real service give it: the right or a wrong CAPTCHA word, a profile of the kind the
 * directory must find, a mail server that refuses mail, a mailbox from a tenant the service does not
 * trust, and so on. After each request it checks the page is the view of the state the model expects,
 * and that the journey stored in Redis is in the state the store should hold, with the same errors and
 * notice. No GET writes a journey, so the two can differ: before "Start now" nothing is stored, and a
 * BACK_SELECTED step is a GET of the earlier page (the server applies BACK_SELECTED in memory to show
 * it), after which the stored journey is expected unchanged until the next form post carries the backs.
 * The clock steps in between (a page view, extending the journey) apply to the stored journey.
 */

import { devCaptchaToken } from '../../src/dev/dev-captcha.js';
import type { JourneyEvent, JourneySnapshot } from '../../src/machine/index.js';
import { postFor } from '../../src/screens/index.js';
import type { Profile } from '../../src/services/ports.js';
import { defaultSwitches, type FakeSwitches, GOOD_EMAIL_CODE } from '../journey-fakes.js';
import { Oracle, OracleError, type OracleRow } from '../oracle/classify.js';
import { difference } from '../oracle/observe.js';
import { SPEC_NUMBERS } from '../oracle/spec-rules.js';
import type { Expectation, PlannedPath, PlannedStep } from '../paths/plan.js';
import { expectationOf, groupsOf } from '../paths/plan.js';
import { oracleStep } from '../paths/run-on-fakes.js';
import { pendingService } from '../paths/service-answers.js';
import { createStepper, type PlanStep, type UserStep } from '../paths/steps.js';
import { HttpClient } from '../support/http-client.js';
import { loginAtProvider } from '../support/nhsnet.js';
import type { RunningService } from '../support/service-process.js';
import { checkStep } from './checks.js';
import { observeHttp, traces } from './observe-http.js';
import { answersOf } from './plan-http.js';
import {
  appCodeFor,
  BASE,
  captchaOf,
  GOOD_PASSWORD,
  LIMITED,
  mailbox,
  nhsnetLink,
  PROFILE_FOR,
  passkeyRecord,
  passkeyResponse,
  profilesWith,
  realEmail,
  realNiNumber,
  useUpIdentityChecks,
  type Who,
} from './real-answers.js';

/** The fields of the development CAPTCHA, which the driver answers by reading its image. */
const DEV_CAPTCHA_FIELDS = ['captchaChallenge', 'captchaAnswer'];
/** Requests that send mail, and that call the NHS.net Connect provider, when the model has them fail. */
const MAIL_SENT_BY = new Set<string>(['DETAILS_SUBMITTED', 'NEW_EMAIL_CODE_REQUESTED', 'RETRY_SELECTED']);
const PROVIDER_CALLED_BY = new Set<string>(['SOLE_ACCESS_CONFIRMED', 'RETRY_SELECTED']);

export interface PathResult {
  name: string;
  failures: string[];
  /** What the requests that behaved as planned took and visited on the statechart. */
  transitions: string[];
  states: string[];
  /** The SPEC oracle rows its steps fell in and agreed with. */
  rows: OracleRow[];
}

/**
 * How the real components answer, as the oracle reads the world: the model's switches (each made
 * real by the driver), and how long the limiter refuses for. The driver uses up the email's identity
 * checks just before the refused request, so the limit that refuses lasts the per-email hour.
 */
const REAL_WORLD = { limiterRetryAfterMs: String(SPEC_NUMBERS.identityCheckEmailWindowMs) };

export class PathDriver {
  private client: HttpClient;
  private who: Who = PROFILE_FOR.active;
  private token: string | undefined;
  private authorizationUrl = '';
  private totpSecret = '';
  private acceptedAt: number | null = null;
  /** The model of what the store holds: null before "Start now", behind the shown page after a back. */
  private held: JourneySnapshot | null = null;
  /** BACK_SELECTED steps shown but not yet carried by a post. */
  private backs = 0;

  constructor(private readonly svc: RunningService) {
    this.client = new HttpClient(svc.url);
  }

  async run(path: PlannedPath): Promise<PathResult> {
    await this.svc.reset();
    this.client = new HttpClient(this.svc.url);
    Object.assign(this, { who: PROFILE_FOR.active, token: undefined, authorizationUrl: '', totpSecret: '' });
    this.acceptedAt = null;
    this.held = null;
    this.backs = 0;
    const result: PathResult = { name: path.name, failures: [], transitions: [], states: [], rows: [] };
    const oracle = new Oracle({ now: path.input.now, cimSessionPresent: path.input.cimSessionPresent });
    const world: Record<string, string> = { ...defaultSwitches(), ...REAL_WORLD };
    const stepper = createStepper();
    let model = stepper.initial(path.input);
    if (path.input.cimSessionPresent) this.client.setCookie(this.svc.service.config.cimSessionCookie, 'open');
    await this.request(() => this.client.get(`${BASE}/start`));
    let current = path.initial.expect;
    const ok = (where: string, e: Expectation, transitions: string[], states: string[]) =>
      checkStep(this.svc, this.client, where, e, this.held && expectationOf(this.held)).then((problems) => {
        result.failures.push(...problems);
        if (problems.length === 0) {
          result.transitions.push(...transitions);
          result.states.push(...states);
        }
        return problems.length === 0;
      });
    if (!(await ok('start', current, path.initial.transitions, path.initial.states))) return result;
    const opening = difference(
      oracle.opening,
      await observeHttp(this.svc, this.client, await traces(this.svc, this.client)),
    );
    if (opening) {
      result.failures.push(`${path.name}, at the start: ${opening}`);
      return result;
    }
    result.rows.push(...oracle.rows);

    for (const group of groupsOf(path.steps)) {
      const first = group[0] as PlannedStep;
      const { switches, outputs } = answersOf(group);
      const busyInputs: Record<string, unknown> = {};
      let s = stepper.apply(model, first.step);
      for (const serviceStep of group.slice(1)) {
        const pending = pendingService(s);
        if (pending) busyInputs[pending.invokeId] = pending.input;
        s = stepper.apply(s, serviceStep.step);
      }
      const last = group[group.length - 1] as PlannedStep;
      Object.assign(world, switches);
      const before = await traces(this.svc, this.client);
      try {
        const target = last.expect.view ?? '';
        await this.perform(
          first.step as UserStep,
          model,
          current.view ?? '',
          target,
          switches,
          outputs,
          busyInputs,
        );
      } catch (err) {
        result.failures.push(`"${first.step.label}": ${(err as Error).message}`);
        return result;
      }
      const stepNo = path.steps.indexOf(first) + 1;
      try {
        const expected = oracle.next(oracleStep(first.step), { ...world });
        const differs = difference(expected, await observeHttp(this.svc, this.client, before));
        if (differs) {
          result.failures.push(
            `${path.name}, step ${stepNo} "${first.step.label}" on ${expected.row.page} | ${expected.row.input}: ${differs}`,
          );
          return result;
        }
        result.rows.push(expected.row);
      } catch (err) {
        if (!(err instanceof OracleError)) throw err;
        result.failures.push(`${path.name}, step ${stepNo} "${first.step.label}": ${err.message}`);
        return result;
      }
      this.held = this.heldAfter(group, s, stepper);
      model = s;
      current = last.expect;
      const label = group.map((g) => g.step.label).join(' -> ');
      if (
        !(await ok(
          `"${label}"`,
          current,
          group.flatMap((g) => g.transitions),
          group.flatMap((g) => g.states),
        ))
      )
        return result;
    }
    return result;
  }

  /** What the store holds after a group: a back only shows a page; a form post carries the backs (the
   *  store then holds what the model does); a clock step or a callback moves the stored journey. */
  private heldAfter(
    group: PlannedStep[],
    modelAfter: JourneySnapshot,
    stepper: ReturnType<typeof createStepper>,
  ) {
    const first = group[0]?.step as PlanStep;
    const event = first.type === 'user' ? first.event.type : null;
    if (event === 'BACK_SELECTED') {
      this.backs += 1;
      return this.held;
    }
    const movesStored =
      first.type === 'view' || event === 'JOURNEY_EXTENDED' || event === 'NHSNET_CALLBACK_RECEIVED';
    if (this.backs > 0 && movesStored && this.held)
      return group.reduce((held, planned) => stepper.apply(held, planned.step), this.held);
    this.backs = 0;
    return modelAfter;
  }

  // ---------- requests ----------

  private async request<T>(send: () => Promise<T>): Promise<T> {
    const page = await send();
    const token = this.client.csrfToken();
    if (token) this.token = token;
    if (this.client.view() === 'scan-qr') {
      const key = /<code id="authenticator-key">([^<]+)<\/code>/.exec(this.client.last?.html ?? '')?.[1];
      if (key) this.totpSecret = key.replace(/\s/g, '');
    }
    const url = this.client.last?.url ?? '';
    if (url.includes('/auth?')) {
      this.authorizationUrl = url;
    }
    return page;
  }

  private post(view: string, fields: Record<string, string>) {
    return this.request(() => this.client.post(`${BASE}/${view}`, fields, { csrf: this.token ?? null }));
  }

  private get(view: string) {
    return this.request(() => this.client.get(`${BASE}/${view}`));
  }

  /** The person logged out of Care Identity Management: the same browser without that cookie. */
  private dropCimCookie() {
    this.client.deleteCookie(this.svc.service.config.cimSessionCookie);
  }

  /** The page a form is on must be the one shown (it carries the CAPTCHA, the passkey options). */
  private async onPage(view: string) {
    if (this.client.view() !== view || !this.client.last?.html) await this.get(view);
  }

  private async with<T>(down: { mail?: boolean; provider?: boolean }, send: () => Promise<T>): Promise<T> {
    this.svc.smtp.setDown(!!down.mail);
    this.svc.service.nhsnetProvider?.setDown(!!down.provider);
    try {
      return await send();
    } finally {
      this.svc.smtp.setDown(false);
      this.svc.service.nhsnetProvider?.setDown(false);
    }
  }

  private latestEmailCode(): string {
    const count = this.svc.emailCodeCount(this.who.email);
    const mail = this.svc.mailTo(this.who.email).filter((m) => /\b\d{6}\b/.test(m.text));
    const code = /\b(\d{6})\b/.exec(mail[mail.length - 1]?.text ?? '')?.[1];
    if (!code || count === 0) throw new Error(`no email code was sent to ${this.who.email}`);
    return code;
  }

  /** Replaces the directory, as a Registration Authority import would. */
  private async directory(change: (byId: (id: string | null) => Profile) => void) {
    await this.svc.importProfiles(profilesWith(change));
  }

  // ---------- one person's action ----------

  private async perform(
    step: UserStep | { type: 'view'; advanceMs: number; label: string },
    model: JourneySnapshot,
    view: string,
    /** The view the model shows after this step. */
    target: string,
    sw: Partial<FakeSwitches>,
    outputs: Record<string, unknown>,
    inputs: Record<string, unknown>,
  ): Promise<void> {
    if (step.type === 'view') {
      this.svc.clock.advance(step.advanceMs);
      await this.get(view);
      return;
    }
    // The Registration Authority suspends the profile while the person is adding an authenticator.
    if (sw.save === 'profileNotUsable')
      await this.directory((byId) => {
        byId(this.who.profileId).status = 'suspended';
      });
    const advance = () => this.svc.clock.advance(step.advanceMs);
    const event = step.event;
    // Events with a route of their own; every other event is a form of the page, posted as its screen says.
    if (event.type === 'BACK_SELECTED') {
      // The back link is a plain link to the page before; where the browser is not on a page of the
      // service (the NHS.net Connect provider), the browser's own back button opens that page.
      advance();
      const onView = this.client.view() === view ? this.client.last?.html : undefined;
      const href = /<a class="nhsuk-back-link" href="([^"]*)"/.exec(onView ?? '')?.[1];
      await this.request(() => this.client.get(href ?? `${BASE}/${target}`));
    } else if (event.type === 'NHSNET_CALLBACK_RECEIVED') {
      await this.callback(event.query, model, sw);
    } else if (event.type === 'JOURNEY_EXTENDED') {
      advance();
      await this.post('extend', {});
      await this.get(view);
    } else {
      const real = await this.realEvent(event, sw, outputs, inputs, advance);
      const down = {
        mail: sw.mail === 'down' && MAIL_SENT_BY.has(event.type),
        provider: sw.nhsnetBegin === 'down' && PROVIDER_CALLED_BY.has(event.type),
      };
      await this.with(down, () => this.postEvent(view, real));
    }
  }

  /** Posts the event with the form of the page's screen that makes it (src/screens). */
  private postEvent(view: string, event: JourneyEvent) {
    const post = postFor(view, event, { captchaFields: DEV_CAPTCHA_FIELDS });
    if (!post) throw new Error(`no form of ${view} makes ${event.type}`);
    return this.post(post.path, post.fields);
  }

  /**
   * The model's event as the real service must get it: the real profile's details and the right or
   * wrong CAPTCHA word, the code really emailed, a TOTP code of the real secret, a real passkey
   * response, the Care Identity Management cookie set or gone. The clock moves when the person acts.
   */
  private async realEvent(
    event: JourneyEvent,
    sw: Partial<FakeSwitches>,
    outputs: Record<string, unknown>,
    inputs: Record<string, unknown>,
    advance: () => void,
  ): Promise<JourneyEvent> {
    switch (event.type) {
      case 'START_SELECTED':
      case 'LOGGED_OUT_CONFIRMED':
        if (event.cimSessionPresent) this.client.setCookie(this.svc.service.config.cimSessionCookie, 'open');
        else this.dropCimCookie();
        break;
      case 'DETAILS_SUBMITTED': {
        if (sw.limiter === 'deny') {
          this.who = LIMITED;
          await useUpIdentityChecks(this.svc.url, LIMITED);
        } else if (sw.profile) this.who = PROFILE_FOR[sw.profile];
        await this.onPage('enter-details');
        const { challenge, word } = captchaOf(this.client.last?.html ?? '');
        const answer = event.captchaToken.trim() === '' ? '' : sw.captcha === 'fail' ? `${word}x` : word;
        advance();
        return {
          ...event,
          email: realEmail(event.email, this.who),
          niNumber: realNiNumber(event.niNumber, this.who),
          captchaToken: answer ? devCaptchaToken(challenge, answer) : '',
        };
      }
      case 'EMAIL_CODE_SUBMITTED': {
        const digits = event.code.replace(/[\s-]/g, '');
        let code = event.code;
        if (digits === GOOD_EMAIL_CODE) {
          const real = this.latestEmailCode();
          code = event.code === GOOD_EMAIL_CODE ? real : ` ${real.slice(0, 3)} ${real.slice(3)} `;
        } else if (digits === '000000') code = this.latestEmailCode() === '000000' ? '111111' : '000000';
        advance();
        return { ...event, code };
      }
      case 'PASSWORD_CREATED': {
        const password = sw.password === 'common' ? 'password1234' : GOOD_PASSWORD;
        advance();
        return {
          ...event,
          password,
          confirmation: sw.password === 'mismatch' ? `${GOOD_PASSWORD}!` : password,
        };
      }
      case 'APP_CODE_SUBMITTED': {
        advance();
        const now = this.svc.clock.now();
        const outcome = outputs.verifyAppCode as { valid: boolean; reason?: string } | undefined;
        const code = appCodeFor(outcome, event.code, this.totpSecret, now, this.acceptedAt);
        if (outcome?.valid) this.acceptedAt = now;
        return { ...event, code };
      }
      case 'PASSKEY_CREATED': {
        await this.onPage('passkey-register');
        const response = passkeyResponse(this.client.last?.html ?? '', this.svc.url, sw.passkeyVerify);
        if (inputs.verifyPasskey !== undefined && sw.save === 'alreadyOnProfile')
          await this.directory((byId) =>
            byId(this.who.profileId).authenticators.push(passkeyRecord(response.id)),
          );
        if (inputs.verifyPasskey !== undefined && sw.save === 'linkedElsewhere')
          await this.directory((byId) => byId('demo-0002').authenticators.push(passkeyRecord(response.id)));
        advance();
        return { ...event, responseJSON: response.json };
      }
    }
    advance();
    return event;
  }

  private async callback(query: Record<string, string>, model: JourneySnapshot, sw: Partial<FakeSwitches>) {
    const modelState = model.context.nhsnet.login?.state;
    const realState = new URL(this.authorizationUrl).searchParams.get('state') ?? '';
    let real: Record<string, string>;
    const down = sw.nhsnetComplete === 'down';
    if (query.code && query.state === modelState) {
      let account = mailbox('alex.morgan@nhs.net');
      if (sw.nhsnetComplete === 'rejected') account = mailbox('sam.okafor@nhs.net');
      if (sw.save === 'linkedElsewhere') account = mailbox('priya.shah@nhs.net');
      if (sw.save === 'alreadyOnProfile')
        await this.directory((byId) => byId(this.who.profileId).authenticators.push(nhsnetLink(account)));
      real = await loginAtProvider(this.authorizationUrl, {
        email: account.email,
        password: account.password,
      });
    } else if (query.error === 'access_denied' && query.state === modelState) {
      real = await loginAtProvider(this.authorizationUrl, { cancel: true });
    } else {
      real = Object.fromEntries(
        Object.entries(query).map(([k, v]) => [k, k === 'state' && v === modelState ? realState : v]),
      );
    }
    await this.with({ provider: down }, () =>
      this.request(() => this.client.get(`${BASE}/nhsnet-callback?${new URLSearchParams(real)}`)),
    );
  }
}
