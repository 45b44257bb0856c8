/**
 * The funnel as NHS.UK pages for analysts who do not run a command: the same tables as `npm run
 * funnel`, and the overview drawn as inline SVG (funnel-svg.ts). The login page asks for the token.
 */
import { raw } from '@add-authenticator/jsx-html';
import { Button, Input } from '../views/components/index.js';
import { headedPage } from '../views/pages/shared.js';
import type { PageView } from '../views/types.js';
import { type Funnel, formatDuration } from './funnel.js';

export const TOKEN_FIELD = 'token';

export function funnelLoginPage(opts: { action: string; error?: string }): PageView {
  const errors = opts.error ? [{ field: TOKEN_FIELD, message: opts.error }] : [];
  return headedPage(
    'Journey funnel: enter the analytics token',
    errors,
    <>
      <p>The journey funnel is for the service team. Enter the analytics token you were given.</p>
      <form method="post" action={opts.action} novalidate>
        <Input
          id={TOKEN_FIELD}
          name={TOKEN_FIELD}
          type="password"
          label={{ text: 'Analytics token', size: 's' }}
          errorMessage={opts.error}
          autocomplete="off"
          spellcheck={false}
        />
        <Button text="Show the funnel" />
      </form>
    </>,
  );
}

const percent = (part: number, whole: number) => (whole ? `${((100 * part) / whole).toFixed(1)}%` : '-');
const when = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

function PagesTable(props: { funnel: Funnel }) {
  return (
    <table class="nhsuk-table">
      <caption class="nhsuk-table__caption">Journeys on each page</caption>
      <thead class="nhsuk-table__head">
        <tr class="nhsuk-table__row">
          <th scope="col" class="nhsuk-table__header">
            Page
          </th>
          <th scope="col" class="nhsuk-table__header nhsuk-table__header--numeric">
            Reached it
          </th>
          <th scope="col" class="nhsuk-table__header nhsuk-table__header--numeric">
            Left there
          </th>
          <th scope="col" class="nhsuk-table__header nhsuk-table__header--numeric">
            Median time
          </th>
        </tr>
      </thead>
      <tbody class="nhsuk-table__body">
        {props.funnel.rows.map((r) => (
          <tr class="nhsuk-table__row" data-page={r.key}>
            <th scope="row" class="nhsuk-table__header">
              {r.title}
              {props.funnel.dropOffs.includes(r.key) ? <strong> (most left here)</strong> : null}
            </th>
            <td class="nhsuk-table__cell nhsuk-table__cell--numeric" data-reached={String(r.reached)}>
              {r.reached}
            </td>
            <td class="nhsuk-table__cell nhsuk-table__cell--numeric" data-left={String(r.left)}>
              {r.left}
            </td>
            <td class="nhsuk-table__cell nhsuk-table__cell--numeric">{formatDuration(r.medianMs)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function ConversionTable(props: { funnel: Funnel }) {
  return (
    <table class="nhsuk-table">
      <caption class="nhsuk-table__caption">Conversion from the start page, by method</caption>
      <thead class="nhsuk-table__head">
        <tr class="nhsuk-table__row">
          <th scope="col" class="nhsuk-table__header">
            Confirmation page
          </th>
          <th scope="col" class="nhsuk-table__header nhsuk-table__header--numeric">
            Started
          </th>
          <th scope="col" class="nhsuk-table__header nhsuk-table__header--numeric">
            Added
          </th>
          <th scope="col" class="nhsuk-table__header nhsuk-table__header--numeric">
            Conversion
          </th>
        </tr>
      </thead>
      <tbody class="nhsuk-table__body">
        {props.funnel.conversion.map((c) => (
          <tr class="nhsuk-table__row" data-method={c.method}>
            <th scope="row" class="nhsuk-table__header">
              {c.title}
            </th>
            <td class="nhsuk-table__cell nhsuk-table__cell--numeric">{c.started}</td>
            <td class="nhsuk-table__cell nhsuk-table__cell--numeric" data-added={String(c.added)}>
              {c.added}
            </td>
            <td class="nhsuk-table__cell nhsuk-table__cell--numeric">{percent(c.added, c.started)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function funnelPage(opts: {
  funnel: Funnel;
  svg: string | null;
  /** Where the diagram is served on its own, full size. */
  svgHref: string;
  problem?: string;
}): PageView {
  const f = opts.funnel;
  const title = 'Journey funnel';
  return {
    title,
    content: (
      <>
        <h1>{title}</h1>
        <p>
          From {when(f.since)} to {when(f.until)}: {f.journeys} journeys seen, {f.started} started on the
          start page. "Left there" is the last page a journey was seen on; a journey still in progress counts
          where it is now. Add <code>?since=7d</code> to the address for another period.
        </p>
        {opts.problem ? <p class="nhsuk-body">{opts.problem}</p> : null}
        <ConversionTable funnel={f} />
        <PagesTable funnel={f} />
        {opts.svg ? (
          <>
            <h2>The journey with its traffic</h2>
            <p>
              Each link shows how many journeys took it. The pages most journeys left from have a thick red
              border.
            </p>
            <p>
              <a href={opts.svgHref}>Open the diagram on its own, full size</a>
            </p>
            <div class="app-funnel-diagram">{raw(opts.svg)}</div>
          </>
        ) : null}
      </>
    ),
  };
}
