#!/usr/bin/env node
// The npm registry this project is built against lacks some of the per-platform optional packages of
// `unrs-resolver` (a Jest dependency) for other operating systems. `npm install` then leaves them out of
// package-lock.json and `npm ci` refuses the lockfile as out of sync. This adds an entry for each missing
// one, marked optional and with its os/cpu, so `npm ci` accepts the lockfile and skips them on Linux.
// Run it after `npm install` changes the lockfile: `node scripts/lockfile-platform-stubs.js`.
const { readFileSync, writeFileSync } = require('node:fs');
const { join } = require('node:path');

const path = join(__dirname, '..', 'package-lock.json');
const lock = JSON.parse(readFileSync(path, 'utf8'));
const pkgs = lock.packages;
let added = 0;
for (const [key, meta] of Object.entries({ ...pkgs })) {
  for (const [dep, version] of Object.entries(meta.optionalDependencies ?? {})) {
    const target = `node_modules/${dep}`;
    const m = /resolver-binding-([a-z0-9]+)-([a-z0-9]+)(?:-(gnu|musl|msvc|eabi|gnueabihf|musleabihf))?/.exec(dep);
    if (pkgs[target] || !m || !key.endsWith('unrs-resolver')) continue;
    const entry = { version, license: 'MIT', optional: true, os: [m[1]], cpu: [m[2]] };
    if (m[3] === 'gnu') entry.libc = ['glibc'];
    if (m[3] === 'musl') entry.libc = ['musl'];
    pkgs[target] = entry;
    added++;
  }
}
const [root, ...rest] = Object.entries(pkgs);
lock.packages = Object.fromEntries([root, ...rest.sort(([a], [b]) => a.localeCompare(b))]);
writeFileSync(path, `${JSON.stringify(lock, null, 2)}\n`);
process.stdout.write(`lockfile: ${added} platform stub(s) added\n`);
