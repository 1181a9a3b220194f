import { AuthPolicyCreateDto } from './auth-policy-create.dto';

/** PUT body: the swagger `authPolicyUpdate` is a reference to `authPolicyCreate`, a full replacement. */
export class AuthPolicyUpdateDto extends AuthPolicyCreateDto {}
