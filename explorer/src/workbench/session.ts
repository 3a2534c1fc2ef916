/**
 * The signed-in department and how its records are signed.
 *
 * With its own SM2 key: the page reads the PEM file the user selects, signs the gateway's one-time challenge
 * (POST /auth/challenge, /auth/token) and every record with the shared crypto module. The private key lives only in
 * this module's closure — never in reactive state, never in localStorage or sessionStorage, never in a request.
 * With the e-seal: the department signs in with its access key and submits unsigned records; the gateway signs with
 * the key it holds for the department (the existing e-seal path) and the page says so.
 */
import { reactive, readonly } from 'vue';
import {
  bytesToHex,
  signRecord,
  sm2PrivateKeyFromPem,
  sm2PublicKeyFromPrivate,
  sm2Sign,
  utf8Encode,
} from '@dtl/chaincode/crypto';
import { gateway, setBearer } from './gateway';

export type SignerKind = 'browser' | 'eseal';

export interface SessionDepartment {
  readonly id: string;
  readonly province: string;
  readonly roles: readonly string[];
  readonly nameZh?: string;
  readonly nameEn?: string;
  readonly city?: string;
  readonly county?: string;
  readonly creditCode?: string;
}

interface SessionState {
  department: SessionDepartment | undefined;
  signer: SignerKind | undefined;
  /** The key that signs records: the browser key's id, or the gateway's e-seal key id. */
  keyId: string | undefined;
}

const state = reactive<SessionState>({ department: undefined, signer: undefined, keyId: undefined });
export const session = readonly(state);

/** The private key: held here only, for the life of the page. */
let privateKey: Uint8Array | undefined;

interface Me {
  department: string;
  province: string;
  roles: string[];
  eSeal: string | null;
}

interface DepartmentView {
  nameZh?: string;
  nameEn?: string;
  city?: string;
  county?: string;
  creditCode?: string;
  keys?: { keyId: string; publicKey: string; status?: string }[];
}

async function loadDepartment(me: Me): Promise<SessionDepartment> {
  let profile: DepartmentView = {};
  try {
    const answer = await gateway.get<DepartmentView & { department?: DepartmentView }>(`/departments/${encodeURIComponent(me.department)}`);
    profile = answer.department ?? answer;
  } catch {
    profile = {};
  }
  return {
    id: me.department,
    province: me.province,
    roles: me.roles,
    ...(profile.nameZh ? { nameZh: profile.nameZh } : {}),
    ...(profile.nameEn ? { nameEn: profile.nameEn } : {}),
    ...(profile.city ? { city: profile.city } : {}),
    ...(profile.county ? { county: profile.county } : {}),
    ...(profile.creditCode ? { creditCode: profile.creditCode } : {}),
  };
}

/** Reads an SM2 private key from PEM text (PKCS#8 or SEC1 "EC PRIVATE KEY"); throws with the reason. */
export function readPrivateKey(pem: string): Uint8Array {
  return sm2PrivateKeyFromPem(pem);
}

/** Sign-in with the department's own SM2 key: challenge → signature in the page → token. */
export async function signInWithKey(department: string, keyId: string, pem: string): Promise<void> {
  const key = readPrivateKey(pem);
  const { challenge } = await gateway.post<{ challenge: string }>('/auth/challenge', { department });
  const signature = bytesToHex(sm2Sign(utf8Encode(challenge), key));
  const { token } = await gateway.post<{ token: string }>('/auth/token', { department, challenge, keyId, signature });
  setBearer(token);
  const me = await gateway.get<Me>('/auth/me');
  privateKey = key;
  state.department = await loadDepartment(me);
  state.signer = 'browser';
  state.keyId = keyId;
}

/** Sign-in with the access key of a department whose signing key the gateway holds (e-seal). */
export async function signInWithEseal(apiKey: string): Promise<void> {
  const { token } = await gateway.post<{ token: string }>('/auth/token', { apiKey });
  setBearer(token);
  const me = await gateway.get<Me>('/auth/me');
  privateKey = undefined;
  state.department = await loadDepartment(me);
  state.signer = 'eseal';
  state.keyId = me.eSeal ?? undefined;
}

export function signOut(): void {
  privateKey = undefined;
  setBearer(undefined);
  state.department = undefined;
  state.signer = undefined;
  state.keyId = undefined;
}

/** The public key of the key in memory (hex), to show which key signs; undefined under the e-seal. */
export function browserPublicKeyHex(): string | undefined {
  return privateKey ? bytesToHex(sm2PublicKeyFromPrivate(privateKey)) : undefined;
}

/**
 * The record as submitted: signed here with the department's key, or left unsigned for the gateway's e-seal.
 */
export function sealRecord<T extends object>(record: T): T {
  if (state.signer === 'browser') {
    if (!privateKey || !state.keyId) throw new Error('no signing key in this page; sign in again');
    return signRecord(record, { privateKey, keyId: state.keyId });
  }
  return record;
}

export function hasRole(role: string): boolean {
  return state.department?.roles.includes(role) ?? false;
}
