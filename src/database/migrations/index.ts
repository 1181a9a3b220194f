import { ControllerMeta1700000000000 } from './1700000000000-controller-meta';
import { Identities1700000000001 } from './1700000000001-identities';
import { Mfa1700000000002 } from './1700000000002-mfa';
import { ExternalJwtSigners1700000000003 } from './1700000000003-external-jwt-signers';
import { Enrollments1700000000004 } from './1700000000004-enrollments';
import { Cas1700000000005 } from './1700000000005-cas';

/** Every migration, in order. Listed as classes: ESM-mode Jest has no __dirname for globs. */
export const MIGRATIONS = [ControllerMeta1700000000000, Identities1700000000001, Mfa1700000000002, ExternalJwtSigners1700000000003, Enrollments1700000000004, Cas1700000000005];
