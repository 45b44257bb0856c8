import { addedScreen } from './added.js';

export const passkeyAddedScreen = addedScreen(
  'passkey-added',
  'Passkey added',
  'Your passkey has been added to your Care Identity profile.',
);
