// NestJS 12 is ESM-only and Jest 30 can require(esm) only on Node >= 24.9, so on Node 20 Jest runs in
// native-ESM mode (see ../shared/docs/toolchain.md). The production build stays CommonJS.
/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  rootDir: '.',
  roots: ['<rootDir>/src', '<rootDir>/test'],
  testRegex: '.*\\.(spec|e2e-spec)\\.ts$',
  moduleFileExtensions: ['ts', 'js', 'json'],
  extensionsToTreatAsEsm: ['.ts'],
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.spec.json', useESM: true }] },
  testTimeout: 30000,
};
