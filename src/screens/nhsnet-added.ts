import { addedScreen } from './added.js';

export const nhsnetAddedScreen = addedScreen(
  'nhsnet-added',
  'NHS.net Connect account added',
  'Your NHS.net Connect account has been added to your Care Identity profile.',
);
