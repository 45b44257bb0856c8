import { addedScreen } from './added.js';

export const appAddedScreen = addedScreen(
  'app-added',
  'Authenticator app added',
  'Your authenticator app has been added to your Care Identity profile.',
);
