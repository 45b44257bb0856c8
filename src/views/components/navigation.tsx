import type { Content } from './common.js';

export function SkipLink(props: { href?: string; text?: string }) {
  return (
    <a class="nhsuk-skip-link" data-module="nhsuk-skip-link" href={props.href ?? '#maincontent'}>
      {props.text ?? 'Skip to main content'}
    </a>
  );
}

export function BackLink(props: { href: string; text?: Content }) {
  return (
    <a class="nhsuk-back-link" href={props.href}>
      {props.text ?? 'Back'}
    </a>
  );
}

const NHS_LOGO_PATH =
  'M200 0v80H0V0h200Zm-27.5 5.5c-14.5 0-29 5-29 22 0 10.2 7.7 13.5 14.7 16.3l.7.3c5.4 2 10.1 3.9 10.1 8.4 0 6.5-8.5 7.5-14 7.5s-12.5-1.5-16-3.5L135 70c5.5 2 13.5 3.5 20 3.5 15.5 0 32-4.5 32-22.5 0-19.5-25.5-16.5-25.5-25.5 0-5.5 5.5-6.5 12.5-6.5a35 35 0 0 1 14.5 3l4-13.5c-4.5-2-12-3-20-3Zm-131 2h-22l-14 65H22l9-45h.5l13.5 45h21.5l14-65H64l-9 45h-.5l-13-45Zm63 0h-18l-13 65h17l6-28H117l-5.5 28H129l13.5-65H125L119.5 32h-20l5-24.5Z';

function NhsLogo() {
  return (
    <svg
      class="nhsuk-header__logo"
      xmlns="http://www.w3.org/2000/svg"
      viewBox="0 0 200 80"
      height="40"
      width="100"
      focusable="false"
      role="img"
      aria-label="NHS"
    >
      <title>NHS</title>
      <path fill="currentcolor" d={NHS_LOGO_PATH} />
    </svg>
  );
}

export interface HeaderProps {
  /** The service name, shown next to the logo; logo and name form one link to the service. */
  service: { text: string; href: string };
}

/** nhsuk-frontend header with the logo and service name as one link, and no search or navigation. */
export function Header(props: HeaderProps) {
  return (
    // biome-ignore lint/a11y/noInteractiveElementToNoninteractiveRole: nhsuk-frontend's header markup keeps role="banner"
    <header class="nhsuk-header" data-module="nhsuk-header" role="banner">
      <div class="nhsuk-header__container nhsuk-width-container">
        <div class="nhsuk-header__service">
          <a
            class="nhsuk-header__service-logo"
            href={props.service.href}
            aria-label={`NHS ${props.service.text} homepage`}
          >
            <NhsLogo />
            <span class="nhsuk-header__service-name">{props.service.text}</span>
          </a>
        </div>
      </div>
    </header>
  );
}

export interface FooterProps {
  links?: Array<{ href: string; text: string }>;
  copyright?: string;
}

export function Footer(props: FooterProps) {
  const links = props.links ?? [];
  return (
    <footer class="nhsuk-footer" role="contentinfo">
      <div class="nhsuk-width-container">
        <div class="nhsuk-footer__meta">
          {links.length > 0 ? (
            <>
              <h2 class="nhsuk-u-visually-hidden">Support links</h2>
              <ul class="nhsuk-footer__list">
                {links.map((link) => (
                  <li class="nhsuk-footer__list-item">
                    <a class="nhsuk-footer__list-item-link" href={link.href}>
                      {link.text}
                    </a>
                  </li>
                ))}
              </ul>
            </>
          ) : null}
          <p class="nhsuk-body-s">{props.copyright ?? '© NHS England'}</p>
        </div>
      </div>
    </footer>
  );
}
