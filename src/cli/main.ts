import 'reflect-metadata';
import { existsSync } from 'node:fs';
import { runCli } from './cli';

if (existsSync('.env')) process.loadEnvFile('.env');
runCli(process.argv.slice(2)).then((code) => process.exit(code));
