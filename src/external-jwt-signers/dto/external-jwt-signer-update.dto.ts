import { ExternalJwtSignerCreateDto } from './external-jwt-signer-create.dto';

/** PUT body: the swagger `externalJwtSignerUpdate`, a full replacement with the create body's fields. */
export class ExternalJwtSignerUpdateDto extends ExternalJwtSignerCreateDto {}
