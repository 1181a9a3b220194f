import 'reflect-metadata';
import { existsSync } from 'node:fs';
import { createController } from './bootstrap';
import { ConfigError, loadConfig, unknownKeys } from './config/config.schema';

async function main(): Promise<void> {
  if (existsSync('.env')) process.loadEnvFile('.env');
  let config;
  try {
    config = loadConfig();
  } catch (e) {
    if (e instanceof ConfigError) {
      process.stderr.write(`ztc: ${e.message}\n`);
      process.exit(2);
    }
    throw e;
  }
  for (const key of unknownKeys()) process.stderr.write(`ztc: warning: unknown configuration key ${key} is ignored\n`);
  const controller = await createController(config);
  const stop = (signal: string) => {
    controller.ctx.logger.info({ signal }, 'shutting down');
    controller.close().then(
      () => process.exit(0),
      (e: unknown) => {
        controller.ctx.logger.error({ err: e }, 'error during shutdown');
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', () => stop('SIGTERM'));
  process.once('SIGINT', () => stop('SIGINT'));
}

main().catch((e: unknown) => {
  process.stderr.write(`ztc: failed to start: ${(e as Error).message}\n`);
  process.exit(1);
});
