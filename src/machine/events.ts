/**
 * Events: facts from the outside world, past tense. Each has a zod schema; the HTTP layer builds the
 * event from a request and parses it here, so the statechart only ever sees well-shaped events.
 * Shape only: whether an email or a code is right is the statechart's business (guards), so that
 * every user error is a transition that analysts can see.
 */
import { z } from 'zod';

const text = (max: number) => z.string().max(max);
const empty = <T extends string>(type: T) => z.object({ type: z.literal(type) }).strict();

export const eventSchemas = {
  /** Sent before every request: time has moved on; userActive when the person did something. */
  CLOCK_TICKED: z
    .object({ type: z.literal('CLOCK_TICKED'), at: z.number().int().nonnegative(), userActive: z.boolean() })
    .strict(),
  JOURNEY_EXTENDED: empty('JOURNEY_EXTENDED'),
  START_SELECTED: z.object({ type: z.literal('START_SELECTED'), cimSessionPresent: z.boolean() }).strict(),
  LOGGED_OUT_CONFIRMED: z
    .object({ type: z.literal('LOGGED_OUT_CONFIRMED'), cimSessionPresent: z.boolean() })
    .strict(),
  DETAILS_SUBMITTED: z
    .object({
      type: z.literal('DETAILS_SUBMITTED'),
      email: text(1000),
      niNumber: text(100),
      captchaToken: text(8192),
      clientIp: text(64),
    })
    .strict(),
  EMAIL_CODE_SUBMITTED: z.object({ type: z.literal('EMAIL_CODE_SUBMITTED'), code: text(100) }).strict(),
  NEW_EMAIL_CODE_REQUESTED: empty('NEW_EMAIL_CODE_REQUESTED'),
  BACK_SELECTED: empty('BACK_SELECTED'),
  AUTHENTICATOR_CHOSEN: z.object({ type: z.literal('AUTHENTICATOR_CHOSEN'), method: text(50) }).strict(),
  SOLE_ACCESS_CONFIRMED: z
    .object({ type: z.literal('SOLE_ACCESS_CONFIRMED'), confirmed: z.boolean() })
    .strict(),
  PASSWORD_CREATED: z
    .object({ type: z.literal('PASSWORD_CREATED'), password: text(4096), confirmation: text(4096) })
    .strict(),
  QR_SCANNED: empty('QR_SCANNED'),
  APP_CODE_SUBMITTED: z.object({ type: z.literal('APP_CODE_SUBMITTED'), code: text(100) }).strict(),
  NHSNET_CALLBACK_RECEIVED: z
    .object({
      type: z.literal('NHSNET_CALLBACK_RECEIVED'),
      query: z.record(z.string().max(100), text(4096)).refine((q) => Object.keys(q).length <= 20),
    })
    .strict(),
  PLATFORM_DETECTED: z
    .object({
      type: z.literal('PLATFORM_DETECTED'),
      os: z.enum(['windows', 'other']),
      platformAuthenticator: z.boolean(),
    })
    .strict(),
  /** The no-JavaScript Windows Hello question was sent without an answer. */
  PLATFORM_QUESTION_UNANSWERED: empty('PLATFORM_QUESTION_UNANSWERED'),
  PASSKEY_CREATED: z.object({ type: z.literal('PASSKEY_CREATED'), responseJSON: text(32_768) }).strict(),
  PASSKEY_FAILED: z.object({ type: z.literal('PASSKEY_FAILED'), errorName: text(100) }).strict(),
  ADD_ANOTHER_SELECTED: empty('ADD_ANOTHER_SELECTED'),
  /** "Finish" on an added page: the journey ends and is deleted (shared PCs). */
  FINISH_SELECTED: empty('FINISH_SELECTED'),
  /** "Choose another type of authenticator" after a late failure. */
  CHOOSE_ANOTHER_SELECTED: empty('CHOOSE_ANOTHER_SELECTED'),
  /** "My screen looks different": the other set of passkey instructions. */
  PASSKEY_INSTRUCTIONS_SWITCHED: empty('PASSKEY_INSTRUCTIONS_SWITCHED'),
  RETRY_SELECTED: empty('RETRY_SELECTED'),
} as const;

export type JourneyEventType = keyof typeof eventSchemas;
export type JourneyEvent = { [K in JourneyEventType]: z.infer<(typeof eventSchemas)[K]> }[JourneyEventType];
export type EventOf<K extends JourneyEventType> = Extract<JourneyEvent, { type: K }>;

export const journeyEventSchema = z.discriminatedUnion(
  'type',
  Object.values(eventSchemas) as unknown as [
    (typeof eventSchemas)[JourneyEventType],
    ...(typeof eventSchemas)[JourneyEventType][],
  ],
);

export type ParsedEvent = { ok: true; event: JourneyEvent } | { ok: false; issues: string[] };

/** Parses anything into a journey event, or says why not. Never throws. */
export function parseJourneyEvent(candidate: unknown): ParsedEvent {
  try {
    const result = journeyEventSchema.safeParse(candidate);
    if (result.success) return { ok: true, event: result.data as JourneyEvent };
    return {
      ok: false,
      issues: result.error.issues.map((i) => `${i.path.map(String).join('.') || 'event'}: ${i.message}`),
    };
  } catch {
    // Hostile objects (throwing getters, revoked proxies) are not events either.
    return { ok: false, issues: ['event: cannot be read'] };
  }
}
