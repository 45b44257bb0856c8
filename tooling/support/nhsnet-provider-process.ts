/**
 * The development NHS.net Connect provider in a process of its own, over https, as a production service
 * needs its issuer to be. Environment: TLS_KEY_FILE, TLS_CERT_FILE, CLIENT_ID, CLIENT_SECRET,
 * REDIRECT_URI. Prints one JSON line {"issuer": ...} on stdout once it listens; stops on SIGTERM.
 */
import { readFileSync } from 'node:fs';
import { startDevNhsnetProvider } from '../../src/dev/nhsnet-provider/index.js';

const need = (name: string) => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set`);
  return value;
};

const provider = await startDevNhsnetProvider({
  tls: { key: readFileSync(need('TLS_KEY_FILE'), 'utf8'), cert: readFileSync(need('TLS_CERT_FILE'), 'utf8') },
  clients: [
    {
      clientId: need('CLIENT_ID'),
      clientSecret: need('CLIENT_SECRET'),
      redirectUris: [need('REDIRECT_URI')],
    },
  ],
});
process.stdout.write(`${JSON.stringify({ issuer: provider.issuer })}\n`);
process.on('SIGTERM', () => {
  provider.stop().finally(() => process.exit(0));
});
