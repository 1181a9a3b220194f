import { Controller, Get, Header, Inject } from '@nestjs/common';
import { PKI_MATERIAL } from '../app.tokens';
import { Access } from '../security/access.decorator';
import { certsOnlyPkcs7Base64 } from '../x509/pkcs7';
import type { PkiMaterial } from '../x509/pki-store';

/** The trust bundle for bootstrapping clients (reference §7.8): base64 PKCS#7 certs-only. */
@Controller()
@Access('anonymous')
export class EstController {
  private readonly bundle: string;

  constructor(@Inject(PKI_MATERIAL) pki: PkiMaterial) {
    this.bundle = certsOnlyPkcs7Base64(pki.trustBundlePem);
  }

  @Get(['.well-known/est/cacerts', 'edge/client/v1/.well-known/est/cacerts'])
  @Header('content-type', 'application/pkcs7-mime')
  @Header('content-transfer-encoding', 'base64')
  cacerts(): string {
    return this.bundle;
  }
}
