import type { CaptchaConfig, CaptchaProvider } from './captcha-verifier.js';

/** What a page needs to show a provider's widget and what the CSP must allow for it. */
export interface CaptchaWidget {
  provider: CaptchaProvider;
  siteKey: string;
  scriptSrc: string;
  /** The form field the widget fills with its token. */
  fieldName: 'h-captcha-response' | 'cf-turnstile-response' | 'g-recaptcha-response';
  /** The class of the element the script turns into the widget (with data-sitekey). */
  widgetClass: 'h-captcha' | 'cf-turnstile' | 'g-recaptcha';
  cspScriptSrc: string[];
  cspFrameSrc: string[];
  cspStyleSrc: string[];
  cspConnectSrc: string[];
}

type WidgetFacts = Omit<CaptchaWidget, 'provider' | 'siteKey'>;

// Sources from each provider's CSP guidance.
const FACTS: Record<CaptchaProvider, WidgetFacts> = {
  hcaptcha: {
    scriptSrc: 'https://js.hcaptcha.com/1/api.js',
    fieldName: 'h-captcha-response',
    widgetClass: 'h-captcha',
    cspScriptSrc: ['https://hcaptcha.com', 'https://*.hcaptcha.com'],
    cspFrameSrc: ['https://hcaptcha.com', 'https://*.hcaptcha.com'],
    cspStyleSrc: ['https://hcaptcha.com', 'https://*.hcaptcha.com'],
    cspConnectSrc: ['https://hcaptcha.com', 'https://*.hcaptcha.com'],
  },
  turnstile: {
    scriptSrc: 'https://challenges.cloudflare.com/turnstile/v0/api.js',
    fieldName: 'cf-turnstile-response',
    widgetClass: 'cf-turnstile',
    cspScriptSrc: ['https://challenges.cloudflare.com'],
    cspFrameSrc: ['https://challenges.cloudflare.com'],
    cspStyleSrc: [],
    cspConnectSrc: [],
  },
  recaptcha: {
    scriptSrc: 'https://www.google.com/recaptcha/api.js',
    fieldName: 'g-recaptcha-response',
    widgetClass: 'g-recaptcha',
    cspScriptSrc: ['https://www.google.com/recaptcha/', 'https://www.gstatic.com/recaptcha/'],
    cspFrameSrc: ['https://www.google.com/recaptcha/', 'https://recaptcha.google.com/recaptcha/'],
    cspStyleSrc: [],
    cspConnectSrc: [],
  },
};

/** Accepts the verifier's config plus the public site key; the secret, if present, is not used. */
export function captchaWidget(
  config: Partial<CaptchaConfig> & { provider: CaptchaProvider; siteKey: string },
): CaptchaWidget {
  if (!config.siteKey) throw new Error('The CAPTCHA site key is missing');
  const facts = FACTS[config.provider];
  return {
    provider: config.provider,
    siteKey: config.siteKey,
    ...facts,
    cspScriptSrc: [...facts.cspScriptSrc],
    cspFrameSrc: [...facts.cspFrameSrc],
    cspStyleSrc: [...facts.cspStyleSrc],
    cspConnectSrc: [...facts.cspConnectSrc],
  };
}
