/**
 * docs/mutation.md from the last `npm run test:mutation` (reports/mutation/mutation.json): the score of
 * src/machine and of the form ⇄ event translation, then every mutant no test killed, each with its reason.
 *
 * The reasons are written by hand, below, one rule each: a rule names a kind of mutant that cannot change
 * what a person sees or what the journey does, and why. A survivor that no rule explains is listed as a
 * gap ("no reason: a test is missing"); `--check` then exits 1, so a new gap is never hidden.
 *
 * Usage: npx tsx scripts/mutation-report.ts [--check]
 */
import { readFileSync, writeFileSync } from 'node:fs';

interface Mutant {
  mutatorName: string;
  replacement?: string;
  status: string;
  location: { start: { line: number; column: number }; end: { line: number; column: number } };
}
interface Report {
  files: Record<string, { source: string; mutants: Mutant[] }>;
}

/** A survivor, as the rules see it. */
interface Survivor {
  file: string;
  line: number;
  mutator: string;
  status: string;
  original: string;
  replacement: string;
  /** The whole source line, trimmed. */
  text: string;
}

interface Rule {
  /** Short name, shown beside each survivor it explains. */
  id: string;
  reason: string;
  applies(s: Survivor): boolean;
}

const inMachine = (s: Survivor, ...names: string[]) => names.some((n) => s.file === `src/machine/${n}.ts`);

/** Hand-written: each is an argument that the mutant cannot be seen, checked against the code it names. */
const RULES: Rule[] = [
  {
    id: 'optional-chain',
    reason:
      'equivalent: `?.` on journey data or an event that is always there where it is read (a guard or service input evaluated only for its own event, or in states entered with that data set)',
    applies: (s) => s.mutator === 'OptionalChaining',
  },
  {
    id: 'unused-default',
    reason:
      "equivalent: the `?? ''` default of a service input whose journey data is always set when the service is invoked; never used",
    applies: (s) =>
      s.status === 'NoCoverage' && s.original === "''" && s.replacement === '"Stryker was here!"',
  },
  {
    id: 'placeholder-actor',
    reason:
      'equivalent: the error message of a placeholder actor the engine never starts (it runs the services itself, by name)',
    applies: (s) =>
      inMachine(s, 'setup', 'service-contract') && /unconfigured\(|is not configured/.test(s.text),
  },
  {
    id: 'entered-by-event',
    reason:
      'equivalent: a service input reads its event only when entered by that event, and its state is entered by no other',
    applies: (s) =>
      s.mutator === 'ConditionalExpression' &&
      s.replacement === 'true' &&
      /event\.type === '[A-Z_]+' \?/.test(s.text),
  },
  {
    id: 'global-replace',
    reason:
      'equivalent: `/[\\s-]+/g` and `/[\\s-]/g` replaced by nothing remove the same characters (one run or one at a time)',
    applies: (s) => s.mutator === 'Regex' && s.original === '/[\\s-]+/g' && s.replacement === '/[\\s-]/g',
  },
  {
    id: 'inert-scope',
    reason:
      "equivalent: the engine's inert actor scope (its placeholder actor's input, the no-op defer, logger and stopChild) and the collector's resets: a pure transition never starts the actor or calls them, each move empties the collector first, and a stray entry in it is no action and is skipped",
    applies: (s) => inMachine(s, 'engine') && s.line >= 80 && s.line <= 114 && s.line !== 88,
  },
  {
    id: 'one-service-per-step',
    reason:
      'equivalent: a transition starts at most one service, so the first it starts is also the last: each service state of the statechart is a leaf with one invoke and no eventless transition, none of their ancestors has one, and there are no parallel states or raised events, so a transition comes to rest in the first service state it enters',
    applies: (s) =>
      inMachine(s, 'engine') &&
      s.mutator === 'ConditionalExpression' &&
      s.original === 'pending === null' &&
      s.replacement === 'true',
  },
  {
    id: 'outage-error-unread',
    reason:
      "equivalent: a service's answer whose outcome is not 'done' becomes its error event whatever else it holds, and no onError transition of the statechart reads the error (every failing service is the same outage)",
    applies: (s) =>
      inMachine(s, 'engine') &&
      s.text === "return { outcome: 'error', error };" &&
      (s.mutator === 'ObjectLiteral' || s.mutator === 'StringLiteral'),
  },
  {
    id: 'facts-filtered',
    reason:
      "equivalent: a stray entry in the facts collected by begin, restore or advance is never answered: begin and advance answer only the entries whose type is 'audit' or 'journeyIdRotated', and restore drops its list",
    applies: (s) =>
      inMachine(s, 'engine') &&
      s.mutator === 'ArrayDeclaration' &&
      (s.text === '[],' || s.text === 'const emitted: JourneyEmitted[] = [];'),
  },
  {
    id: 'page-view-ends-or-stays',
    reason:
      "equivalent: whether the journey moved decides only a page view's save (a form post or any event is saved anyway), and a page view's tick either only records the time or ends the journey in a final state at the top of the statechart (the timeout, the idle added page), which changes its state and its status together; either comparison alone, or both, answer the same",
    applies: (s) =>
      inMachine(s, 'engine') &&
      s.text ===
        'return before.status !== after.status || JSON.stringify(before.value) !== JSON.stringify(after.value);' &&
      ((s.mutator === 'ConditionalExpression' && s.replacement === 'false') ||
        s.mutator === 'LogicalOperator'),
  },
  {
    id: 'no-inspector',
    reason:
      'equivalent: without an inspector, `system.inspect(undefined)` registers an observer with no `next`, which XState calls as `observer.next?.(…)`: nothing is seen or changed',
    applies: (s) =>
      inMachine(s, 'engine') &&
      s.text === 'if (inspect) self.system.inspect(inspect);' &&
      s.mutator === 'ConditionalExpression' &&
      s.replacement === 'true',
  },
  {
    id: 'every-meta-has-a-view',
    reason:
      'equivalent: `getMeta()` lists only the active states that have meta, and every meta in the statechart names a view, so every entry passes the check and the deepest one is taken either way',
    applies: (s) =>
      inMachine(s, 'queries') &&
      s.text === 'if (meta?.view) found = { ...meta, view: meta.view, stateId };' &&
      s.mutator === 'ConditionalExpression' &&
      s.replacement === 'true',
  },
  {
    id: 'placeholder-actor-body',
    reason:
      'equivalent: the body of a placeholder actor the engine never starts (a pure transition only collects the spawn; the engine runs the services itself, by name)',
    applies: (s) =>
      inMachine(s, 'service-contract') &&
      s.mutator === 'BlockStatement' &&
      /^return fromPromise<.*>\(async \(\) => \{$/.test(s.text),
  },
  {
    id: 'action-of-its-own-event',
    reason:
      "equivalent: an action's test of the event's type only narrows it for the type checker: recordTick is named only on CLOCK_TICKED, rejectDetails and acceptDetails only on DETAILS_SUBMITTED, recordPlatform only on PLATFORM_DETECTED, recordCimSession only on START_SELECTED and LOGGED_OUT_CONFIRMED, so the test always passes where the action runs",
    applies: (s) =>
      inMachine(s, 'setup') &&
      s.mutator === 'ConditionalExpression' &&
      ((s.replacement === 'false' &&
        /^if \(event\.type !== '(CLOCK_TICKED|DETAILS_SUBMITTED|PLATFORM_DETECTED)'\) return \{\};$/.test(
          s.text,
        )) ||
        (s.replacement === 'true' &&
          s.original === "event.type === 'START_SELECTED' || event.type === 'LOGGED_OUT_CONFIRMED'")),
  },
  {
    id: 'setup-types-only',
    reason:
      "equivalent: `types` in XState's setup() is for the type checker only: at run time setup() reads schemas, actors, actions, guards and delays, never types",
    applies: (s) => inMachine(s, 'setup') && s.mutator === 'ObjectLiteral' && s.text === 'types: {',
  },
  {
    id: 'challenge-always-issued',
    reason:
      'equivalent: isPasskeyChallengeExpired is checked only on passkey-register, which is entered only through storePasskeyOptions (challengeIssuedAt set to the time) and left by every transition that forgets the challenge, so challengeIssuedAt is never null there',
    applies: (s) =>
      inMachine(s, 'guards') &&
      s.mutator === 'ConditionalExpression' &&
      s.replacement === 'false' &&
      s.original === 'context.passkey.challengeIssuedAt === null',
  },
  {
    id: 'second-at-in-domain',
    reason:
      "equivalent: with a second @ the domain (everything after the first @) holds an @, which the domain pattern refuses, so the address is a 'format' problem either way",
    applies: (s) =>
      inMachine(s, 'validation') &&
      s.mutator === 'ConditionalExpression' &&
      s.replacement === 'false' &&
      s.original === "at !== email.lastIndexOf('@')",
  },
  {
    id: 'guard-repeated-in-params',
    reason:
      "equivalent: the ternary in an action's params repeats the guard of its own transition (nhsnetAccountVerified: outcome 'verified'; authenticatorAdded: outcome 'added'), written for TypeScript's narrowing; params are computed only for the transition taken, so the condition is always true there",
    applies: (s) =>
      inMachine(s, 'nhsnet', 'passkey') &&
      s.mutator === 'ConditionalExpression' &&
      s.replacement === 'true' &&
      ((s.original === "event.output.outcome === 'verified'" &&
        s.text ===
          "params: ({ event }) => (event.output.outcome === 'verified' ? event.output.account : null),") ||
        (s.original === "event.output.outcome === 'added'" &&
          s.text ===
            "authenticatorId: event.output.outcome === 'added' ? event.output.authenticatorId : '',")),
  },
  {
    id: 'nhsnet-rejected-by-elimination',
    reason:
      "equivalent: after the first guard of the NHS.net Connect login's answer (outcome 'verified') has failed, the contract leaves only { outcome: 'rejected', reason }: the test for 'rejected' in the later guard's and audit's params is always true there, and the audit's 'rejected' fallback is never used",
    applies: (s) =>
      inMachine(s, 'nhsnet') &&
      /^reason: event\.output\.outcome === 'rejected' \? event\.output\.reason : (null|'rejected'),$/.test(
        s.text,
      ) &&
      ((s.mutator === 'ConditionalExpression' &&
        s.replacement === 'true' &&
        s.original === "event.output.outcome === 'rejected'") ||
        (s.mutator === 'StringLiteral' &&
          s.status === 'NoCoverage' &&
          s.original === "'rejected'" &&
          s.text.endsWith(": 'rejected',"))),
  },
  {
    id: 'no-error-to-clear',
    reason:
      "equivalent: 'clearErrors' on leaving a page that never holds an error or notice: nhsnet-redirect and nhsnet-unavailable are reached only through startingNhsnetLogin, entered with the errors just emptied (confirmSoleAccess, or this Try again), passkey-windows-hello only through verifyingPasskey, entered by clearErrors; nothing on the way sets an error, and no notice is set after the email is proven",
    applies: (s) =>
      s.mutator === 'StringLiteral' &&
      s.original === "'clearErrors'" &&
      ((inMachine(s, 'nhsnet') &&
        [
          "BACK_SELECTED: { target: '#nhsnetInstructions', actions: ['forgetNhsnetLogin', 'clearErrors'] },",
          "RETRY_SELECTED: { target: '#startingNhsnetLogin', actions: 'clearErrors' },",
          "BACK_SELECTED: { target: '#nhsnetInstructions', actions: 'clearErrors' },",
        ].includes(s.text)) ||
        (inMachine(s, 'passkey') &&
          (s.text === "RETRY_SELECTED: { target: '#creatingPasskeyOptions', actions: 'clearErrors' }," ||
            // passkey-windows-hello's Back: passkey-loading's Back (line 27) has the same text and does
            // clear an error, so only the one far below it.
            (s.text === "BACK_SELECTED: { target: '#chooseAuthenticator', actions: 'clearErrors' }," &&
              s.line > 150)))),
  },
  {
    id: 'unused-default-passkey',
    reason:
      "equivalent: the `??` defaults of the passkey save's input: savingPasskey is entered only with the verified passkey stored (the passkeyVerified branch stores it; Try again from service-unavailable comes back with it still stored), so they are never used",
    applies: (s) =>
      inMachine(s, 'passkey') &&
      s.status === 'NoCoverage' &&
      /^(transports|deviceType|backedUp): p\?\.\w+ \?\? /.test(s.text),
  },
  {
    id: 'unresolved-action-name',
    reason:
      "equivalent: a late failure's default extra actions filled with a name the machine does not implement: XState hands an action it cannot resolve to the engine's collector, which acts only on emits and service starts, so nothing runs",
    applies: (s) =>
      inMachine(s, 'after-adding') &&
      s.mutator === 'ArrayDeclaration' &&
      s.original === '[]' &&
      s.text === "learned: 'recordNhsnetOnProfile'[] = [],",
  },
  {
    id: 'added-page-holds-no-error',
    reason:
      'equivalent: an "added" page is entered only by recordAdded (errors {}, notice null) and none of its events sets either, so clearing them on "Add another" changes nothing',
    applies: (s) =>
      inMachine(s, 'after-adding') &&
      s.mutator === 'StringLiteral' &&
      s.original === "'clearErrors'" &&
      s.text === "ADD_ANOTHER_SELECTED: { target: '#chooseAuthenticator', actions: 'clearErrors' },",
  },
  {
    id: 'scan-qr-holds-no-error',
    reason:
      'equivalent: scan-qr is entered only after a password check entered with clearErrors, after the secret is created (entered from there or by a Try again that clears), or by Back from enter-app-code with clearErrors; none of its events sets an error and no notice exists once the email is proven, so clearing on leaving it changes nothing',
    applies: (s) =>
      inMachine(s, 'authenticator-app') &&
      s.mutator === 'StringLiteral' &&
      s.original === "'clearErrors'" &&
      (s.text === "QR_SCANNED: { target: '#enterAppCode', actions: 'clearErrors' }," ||
        s.text === "BACK_SELECTED: { target: '#createPassword', actions: 'clearErrors' },"),
  },
  {
    id: 'start-and-log-out-first-unchanged',
    reason:
      'equivalent: on start the journey holds no error or notice (entered at the beginning, or with clearErrors from log-out-first and enter-details) and already records no Care Identity Management session (the only way to get there), so recording this branch\'s "no session" and clearing change nothing; on log-out-first it already records a session, so recording "still present" changes nothing',
    applies: (s) =>
      inMachine(s, 'identity') &&
      ((s.text === "{ target: '#enterDetails', actions: ['recordCimSession', 'clearErrors'] }," &&
        ((s.mutator === 'ArrayDeclaration' && s.replacement === '[]') ||
          (s.mutator === 'StringLiteral' &&
            (s.original === "'recordCimSession'" || s.original === "'clearErrors'")))) ||
        (s.text ===
          "actions: ['recordCimSession', { type: 'setErrors', params: { cim: 'cimStillLoggedIn' } }]," &&
          s.mutator === 'StringLiteral' &&
          s.original === "'recordCimSession'")),
  },
  {
    id: 'decided-by-its-guard',
    reason:
      "equivalent: a type-narrowing test in a transition's params that the transition's guard (or the failed guard of the candidate before it) has already decided (the password refused, the app code not valid, the save added); the other branch never runs",
    applies: (s) =>
      (inMachine(s, 'authenticator-app') &&
        s.mutator === 'ConditionalExpression' &&
        s.replacement === 'false' &&
        s.text === 'if (out.ok) return {};') ||
      (inMachine(s, 'authenticator-app') &&
        s.mutator === 'StringLiteral' &&
        s.original === "'appCodeWrong'" &&
        s.text === "code: event.output.valid ? 'appCodeWrong' : APP_CODE_ERRORS[event.output.reason],") ||
      (inMachine(s, 'authenticator-app', 'nhsnet', 'passkey') &&
        s.mutator === 'ConditionalExpression' &&
        s.replacement === 'true' &&
        s.text === "authenticatorId: event.output.outcome === 'added' ? event.output.authenticatorId : '',"),
  },
  {
    id: 'malformed-code-has-a-problem',
    reason:
      "equivalent: the `?? 'format'` default of a code error set only when isCodeMalformed holds, that is when codeProblem of the same code is not null; never used",
    applies: (s) =>
      inMachine(s, 'authenticator-app', 'identity') &&
      s.mutator === 'StringLiteral' &&
      s.original === "'format'" &&
      /^code: codeProblem\(event\.type === '(APP|EMAIL)_CODE_SUBMITTED' \? event\.code : ''\) \?\? 'format',$/.test(
        s.text,
      ),
  },
];

function survivorsOf(report: Report): Survivor[] {
  const out: Survivor[] = [];
  for (const [file, { source, mutants }] of Object.entries(report.files)) {
    const lines = source.split('\n');
    for (const m of mutants) {
      if (m.status !== 'Survived' && m.status !== 'NoCoverage') continue;
      const { start, end } = m.location;
      const line = lines[start.line - 1] ?? '';
      const original =
        start.line === end.line
          ? line.slice(start.column - 1, end.column - 1)
          : `${line.slice(start.column - 1)} …`;
      out.push({
        file,
        line: start.line,
        mutator: m.mutatorName,
        status: m.status,
        original: original.replace(/\s+/g, ' ').trim(),
        replacement: (m.replacement ?? '').replace(/\s+/g, ' ').trim(),
        text: line.trim(),
      });
    }
  }
  return out;
}

function scoreOf(report: Report, pick: (file: string) => boolean) {
  const c = { killed: 0, timeout: 0, survived: 0, noCoverage: 0, errors: 0 };
  for (const [file, { mutants }] of Object.entries(report.files)) {
    if (!pick(file)) continue;
    for (const m of mutants) {
      if (m.status === 'Killed') c.killed++;
      else if (m.status === 'Timeout') c.timeout++;
      else if (m.status === 'Survived') c.survived++;
      else if (m.status === 'NoCoverage') c.noCoverage++;
      else c.errors++;
    }
  }
  const valid = c.killed + c.timeout + c.survived + c.noCoverage;
  return { ...c, valid, score: valid ? (100 * (c.killed + c.timeout)) / valid : 0 };
}

const cell = (t: string) => `\`${t.slice(0, 80).replace(/`/g, "'").replace(/\|/g, '\\|')}\``;

function main() {
  const report = JSON.parse(readFileSync('reports/mutation/mutation.json', 'utf8')) as Report;
  const machine = scoreOf(report, (f) => f.startsWith('src/machine/'));
  const forms = scoreOf(report, (f) => f === 'src/http/forms.ts');
  const all = scoreOf(report, () => true);
  const survivors = survivorsOf(report);
  const explained = survivors.map((s) => ({ s, rule: RULES.find((r) => r.applies(s)) }));
  const gaps = explained.filter((e) => !e.rule);
  const byReason = new Map<string, number>();
  for (const e of explained) {
    const key = e.rule ? `**${e.rule.id}**: ${e.rule.reason}` : '**gap**: no reason, a test is missing';
    byReason.set(key, (byReason.get(key) ?? 0) + 1);
  }
  const pct = (n: number) => `${n.toFixed(2)}%`;
  const row = (name: string, s: ReturnType<typeof scoreOf>) =>
    `| ${name} | ${pct(s.score)} | ${s.killed} | ${s.timeout} | ${s.survived} | ${s.noCoverage} | ${s.errors} | ${s.valid} |`;
  const lines = [
    '# Mutation score of the statechart',
    '',
    'Generated by `npx tsx scripts/mutation-report.ts` from the last `npm run test:mutation`',
    '(`reports/mutation/mutation.json`, kept out of git). How the run works and when to run it: the README.',
    '',
    `**src/machine: ${pct(machine.score)} of mutants killed** (target 85%): ${machine.killed + machine.timeout} of ${machine.valid}.`,
    '',
    '| files | score | killed | timeout | survived | no coverage | errors (not counted) | counted |',
    '| --- | --- | --- | --- | --- | --- | --- | --- |',
    row('src/machine', machine),
    row('src/http/forms.ts (form ⇄ event)', forms),
    row('all', all),
    '',
    'Score = (killed + timeout) / (killed + timeout + survived + no coverage), as Stryker counts it. A timeout',
    'is a mutant that made a test run past `timeoutMS` (120 s: a whole test run takes under 30 s here), so it',
    'is a mutant that loops, not one that merely ran slowly.',
    '',
    'A survivor is either equivalent (its rule says why it cannot be seen) or a **gap**: a test that would',
    'kill it is missing. Gaps are listed, not hidden; each is work for the next change to that file.',
    '',
    '## Survivors by reason',
    '',
    '| reason | mutants |',
    '| --- | --- |',
    ...[...byReason].map(([reason, n]) => `| ${reason} | ${n} |`),
    '',
    '## Every survivor',
    '',
    '| where | mutator | original → mutant | reason |',
    '| --- | --- | --- | --- |',
    ...explained.map(
      ({ s, rule }) =>
        `| ${s.file}:${s.line} | ${s.mutator}${s.status === 'NoCoverage' ? ' (no test reaches it)' : ''} | ${cell(s.original)} → ${cell(s.replacement)} | ${rule ? rule.id : '**gap**'} |`,
    ),
    '',
  ];
  writeFileSync('docs/mutation.md', `${lines.join('\n')}`);
  console.log(
    `src/machine ${pct(machine.score)} (${machine.killed + machine.timeout}/${machine.valid}); forms ${pct(forms.score)}; survivors ${survivors.length}, unexplained ${gaps.length}`,
  );
  if (process.argv.includes('--check') && gaps.length > 0) process.exit(1);
}

main();
