/** SHA-256 (Fabric's block and data hashes), pure TypeScript from @noble/hashes so the browser verifies with it too. */
import { sha256 as nobleSha256 } from '@noble/hashes/sha2';

export function sha256(data: Uint8Array): Uint8Array {
  return nobleSha256(data);
}

/** SHA-256 over several byte strings, as if concatenated. */
export function sha256Concat(parts: readonly Uint8Array[]): Uint8Array {
  const hash = nobleSha256.create();
  for (const part of parts) hash.update(part);
  return hash.digest();
}
