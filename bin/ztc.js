#!/usr/bin/env node
// The `ztc` command. It runs the compiled CLI; `npm start` or `npm run build` produces it.
const { existsSync } = require('node:fs');
const { join } = require('node:path');

const entry = join(__dirname, '..', 'dist', 'src', 'cli', 'main.js');
if (!existsSync(entry)) {
  require('../scripts/build-if-needed.js');
}
require(entry);
