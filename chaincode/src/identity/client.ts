import type { ClientIdentity } from 'fabric-shim-api';

/**
 * The subject distinguished name of the invoking X.509 identity, parsed from ClientIdentity.getID()
 * (`x509::/C=CN/O=…/OU=admin/CN=Admin@…::/C=CN/…issuer`). getID() is part of the ClientIdentity API on every
 * Fabric runtime, so this avoids parsing certificates in chaincode.
 */
export function subjectAttributes(id: string): Array<{ name: string; value: string }> {
  const match = /^x509::(.*?)::/.exec(id);
  const subject = match?.[1];
  if (subject === undefined) return [];
  // Attributes are separated by "/" not preceded by a backslash (fabric-shim escapes "/" in values as "\/").
  return subject
    .split(/(?<!\\)\//)
    .filter((part) => part !== '')
    .map((part) => {
      const eq = part.indexOf('=');
      return { name: part.slice(0, eq), value: part.slice(eq + 1).replace(/\\\//g, '/') };
    })
    .filter((attribute) => attribute.name !== '');
}

/** True when the invoking identity carries the NodeOU "admin" (an organisation admin / registrar). */
export function isOrgAdmin(identity: ClientIdentity): boolean {
  return subjectAttributes(identity.getID()).some((a) => a.name === 'OU' && a.value.toLowerCase() === 'admin');
}

/** The common name of the invoking identity, for audit trails. */
export function commonName(identity: ClientIdentity): string {
  return subjectAttributes(identity.getID()).find((a) => a.name === 'CN')?.value ?? '';
}
