/** Injection tokens for the values the bootstrap creates before Nest starts. */
export const APP_CONFIG = Symbol('APP_CONFIG');
export const PKI_MATERIAL = Symbol('PKI_MATERIAL');
export const ROOT_LOGGER = Symbol('ROOT_LOGGER');
export const BUILD_INFO = Symbol('BUILD_INFO');
