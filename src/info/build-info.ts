import { execFileSync } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

export interface BuildInfo {
  version: string;
  revision: string;
  buildDate: string;
  runtimeVersion: string;
}

/** Read once at start: package version, git revision when running from a checkout, and the build's date. */
export function readBuildInfo(root = process.cwd()): BuildInfo {
  let version = '0.0.0';
  let buildDate = new Date().toISOString();
  try {
    version = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string }).version;
  } catch {
    // running outside the repository: keep the defaults
  }
  try {
    buildDate = statSync(join(root, 'dist', 'src', 'main.js')).mtime.toISOString();
  } catch {
    // not built (tests run from source)
  }
  let revision = 'unknown';
  try {
    revision = execFileSync('git', ['rev-parse', '--short=12', 'HEAD'], { cwd: root, stdio: ['ignore', 'pipe', 'ignore'], timeout: 2000 })
      .toString()
      .trim();
  } catch {
    // not a git checkout
  }
  return { version: `v${version}`, revision, buildDate, runtimeVersion: process.version };
}
