/** Wiring only: config → services → app → server, and a graceful shutdown. */
import { ConfigError, loadConfig } from './config.js';
import { startServer } from './server.js';
import { buildService } from './wiring.js';

async function main() {
  let config: ReturnType<typeof loadConfig>;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\n`);
      process.exit(1);
    }
    throw err;
  }
  const service = await buildService(config);
  const { logger } = service;
  const running = await startServer(service);
  logger.info({ port: running.port, metricsPort: running.metricsPort }, 'listening');
  if (config.env !== 'production') await printHowToTry(config, service.nhsnetProvider?.issuer ?? null);

  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal, ...config.shutdown }, 'shutting down');
    // Nothing may keep the process past its grace period.
    setTimeout(() => process.exit(1), config.shutdown.graceMs).unref();
    // Ctrl-C in a terminal has no load balancer to tell: no delay.
    running.shutdown({ skipDelay: signal === 'SIGINT' }).then(
      (orderly) => process.exit(orderly ? 0 : 1),
      () => process.exit(1),
    );
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
}

async function printHowToTry(config: ReturnType<typeof loadConfig>, nhsnetIssuer: string | null) {
  const { demoProfiles } = await import('./dev/demo-profiles.js');
  const demo = demoProfiles.find((p) => p.status === 'active' && p.niNumber && p.authenticators.length === 0);
  const lines = [
    '',
    'add-authenticator is running (development defaults).',
    `  Open:            ${config.publicUrl}/add-authenticator/start`,
    ...(demo
      ? [`  Demo profile:    email ${demo.emails[0]}   National Insurance number ${demo.niNumber}`]
      : []),
    `  Emailed codes:   ${config.smtpUrl ? `sent through ${new URL(config.smtpUrl).host}` : `${config.publicUrl}/dev/mail`}`,
    '  Image test:      type the word shown in the picture',
    ...(nhsnetIssuer
      ? [
          `  NHS.net Connect: embedded provider at ${nhsnetIssuer}, log in as alex.morgan@nhs.net / Correct-Horse-42`,
        ]
      : []),
    `  Storage:         ${config.redisUrl ? 'Redis' : 'in memory (set REDIS_URL to use Redis)'}`,
    `  Development defaults in use: ${config.developmentDefaults.join(', ') || 'none'}`,
    '',
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
}

main().catch((err) => {
  process.stderr.write(`add-authenticator failed to start: ${(err as Error).stack ?? err}\n`);
  process.exit(1);
});
