/**
 * What a screen is. Each view id a state's meta names has one module in src/screens holding all that
 * is said about that screen outside the statechart: its forms (fields → event, and back), what it
 * shows of the journey (its presenter), its page, a sample for the view tests and its HTTP status.
 * The HTTP layer, the path driver, the view tests and the docs read them through the registry.
 */
import type {
  ErrorCode,
  EventOf,
  JourneyEventType,
  JourneySnapshot,
  JourneyViewId,
} from '../machine/index.js';
import type { FieldError, PageProps, PageView } from '../views/types.js';

export type FormFields = Record<string, string>;

/** What a form may need from the request besides its fields. */
export interface RequestFacts {
  clientIp: string;
  cimSessionPresent: boolean;
  /** The fields the CAPTCHA in use posts. */
  captchaFields: readonly string[];
}

/** Each event by its type (a mapped type, so that a form of one event fits the general FormSpec). */
type EventByType = { [K in JourneyEventType]: EventOf<K> };

/** The event a form makes, before the schema of events.ts decides whether it is well formed. */
export type EventCandidate<T extends JourneyEventType> = { type: T } & Record<string, unknown>;

/**
 * One form of a screen. Anything it does not list (a missing field, an extra or repeated one, a file)
 * is a bad request, never a journey change. Methods, so a form of one event fits the general type.
 */
export interface FormSpec<T extends JourneyEventType = JourneyEventType> {
  required: readonly string[];
  optional?: readonly string[];
  /** The CAPTCHA's own fields are posted with it. */
  captcha?: boolean;
  /** Every event the form can make. */
  events: readonly T[];
  toEvent(fields: FormFields, facts: RequestFacts): EventCandidate<T>;
  /** The other way: the fields a person would post to make this event (for drivers and tests). */
  toFields(event: EventByType[T], facts: Pick<RequestFacts, 'captchaFields'>): FormFields;
}

/** A form, with its event types inferred from `events`. */
export function form<T extends JourneyEventType>(spec: FormSpec<T>): FormSpec<T> {
  return spec;
}

/** A screen's forms by action: '' posts to the page's own address, 'x' to `<view>/x`. */
export type Forms = Readonly<Record<string, FormSpec>>;

export type CaptchaProvider = 'hcaptcha' | 'turnstile' | 'recaptcha';

export type CaptchaProps =
  /** The development challenge: a server-made SVG image and the id the answer is checked against. */
  | { kind: 'dev'; challengeId: string; imageSvg: string }
  /** A third-party widget; it adds its own response field to the form. */
  | { kind: 'widget'; provider: CaptchaProvider; siteKey: string; scriptSrc: string };

/** What presenters need that is not in the snapshot; wiring passes the real components. */
export interface ScreenDeps {
  /** A new CAPTCHA challenge, or the third-party widget. */
  captcha(): CaptchaProps;
  /** The otpauth URI and the key of an authenticator app secret. */
  describeTotp(input: { encryptedSecret: string; accountName: string }): { uri: string; key: string };
  /** The QR code of a URI as inline SVG. */
  renderQr(uri: string): Promise<string>;
  /** The time now (epoch ms): a page that says how long to wait works it out from the request's time. */
  now(): number;
}

/** The props a presenter gives its page: all but the page context, which the HTTP layer adds. */
export type ModelOf<P extends PageProps> = Omit<P, 'page'>;

/** A sample of the page for the view tests: its props, and the errors it can show, if it has a form. */
export interface Sample<P extends PageProps> {
  props: ModelOf<P>;
  /** The page its back link leads to, in the sample (the machine decides it in a journey). */
  backLink?: JourneyViewId;
  errors?: FieldError[];
}

export interface PageScreen<V extends JourneyViewId, P extends PageProps> {
  kind: 'page';
  view: V;
  forms: Forms;
  present(snapshot: JourneySnapshot, deps: ScreenDeps): ModelOf<P> | Promise<ModelOf<P>>;
  page(props: P): PageView;
  sample: Sample<P>;
  /** 200 unless said. */
  status?: number;
  /** The timeout warning is shown unless this is false. */
  timeoutWarning?: boolean;
}

/** A state that sends the browser elsewhere (the NHS.net Connect provider) instead of showing a page. */
export interface RedirectScreen<V extends JourneyViewId> {
  kind: 'redirect';
  view: V;
  forms: Forms;
  /** The address to send the browser to; undefined when the journey holds none. */
  redirect(snapshot: JourneySnapshot): string | undefined;
}

export type ScreenFor<V extends JourneyViewId> = PageScreen<V, PageProps> | RedirectScreen<V>;

/** Exactly one screen for each view id the statechart's states may name. */
export type ScreenRegistry = { readonly [V in JourneyViewId]: ScreenFor<V> };

export function pageScreen<V extends JourneyViewId, P extends PageProps>(
  screen: Omit<PageScreen<V, P>, 'kind'>,
): PageScreen<V, P> {
  return { kind: 'page', ...screen };
}

export function redirectScreen<V extends JourneyViewId>(
  screen: Omit<RedirectScreen<V>, 'kind'>,
): RedirectScreen<V> {
  return { kind: 'redirect', ...screen };
}

/** Error code → the words on the page (GOV.UK error message style). */
export type Messages = Partial<Record<ErrorCode, string>>;

/** Where an error of the machine's field shows on the page (the input id, '' for the whole page). */
export interface ErrorTarget {
  id: string;
  messages: Messages;
}

const UNKNOWN_PROBLEM = 'There is a problem with this answer';

/** The errors the statechart set, in its order, for the fields this page shows. */
export function fieldErrors(snapshot: JourneySnapshot, targets: Record<string, ErrorTarget>): FieldError[] {
  return Object.entries(snapshot.context.errors).flatMap(([field, code]) => {
    const target = targets[field];
    return target && code ? [{ field: target.id, message: target.messages[code] ?? UNKNOWN_PROBLEM }] : [];
  });
}

/** A page that shows nothing of the journey, only its words (and perhaps a button). */
export function staticScreen<V extends JourneyViewId>(
  view: V,
  page: (props: PageProps) => PageView,
  more: Partial<Omit<PageScreen<V, PageProps>, 'kind' | 'view' | 'page'>> = {},
): PageScreen<V, PageProps> {
  return pageScreen({ view, page, forms: {}, present: () => ({}), sample: { props: {} }, ...more });
}
