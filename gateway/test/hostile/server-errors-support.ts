/** Names the server-errors suite needs from the gateway (one import site). */
import type { Province } from '@dtl/chaincode';
import { gatewayPrincipalId } from '../../src/http/access';

export { demoApiKey } from '../../src/keystore/bootstrap';

export function gatewayPrincipalIdFor(province: Province): string {
  return gatewayPrincipalId(province);
}
