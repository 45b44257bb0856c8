/**
 * Type-level cases, checked by `npm run typecheck` (and re-checked without their markers by
 * screens-registry.test.ts): each `@ts-expect-error` line must be a type error, or tsc fails.
 */
import { journeySetup } from '../../src/machine/setup.js';
import { screens } from '../../src/screens/index.js';
import type { ScreenRegistry } from '../../src/screens/screen.js';

// The registry as it is.
screens satisfies ScreenRegistry;

// A view id a state may name, with no screen.
const { 'scan-qr': _scanQr, ...withoutScanQr } = screens;
// @ts-expect-error property 'scan-qr' is missing
withoutScanQr satisfies ScreenRegistry;

// A screen for a view id no state can name.
// @ts-expect-error 'no-such-view' is not a view id
({ ...screens, 'no-such-view': screens.start }) satisfies ScreenRegistry;

// A screen filed under another screen's view id.
// @ts-expect-error the screen of 'enter-app-code' is not the screen of 'scan-qr'
({ ...screens, 'scan-qr': screens['enter-app-code'] }) satisfies ScreenRegistry;

// A state whose meta names a view that is not a view id.
journeySetup.createMachine({
  id: 'typeCase',
  initial: 'somewhere',
  states: {
    somewhere: {
      // @ts-expect-error 'no-such-view' is not a view id
      meta: { view: 'no-such-view' },
    },
  },
});
