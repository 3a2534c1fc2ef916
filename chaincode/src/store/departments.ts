import type { Department } from '../domain/department/types';
import { fail } from '../errors';
import { KEYS } from './keys';
import type { Store } from './store';

/** Repository of the department registry. */
export async function loadDepartment(store: Store, departmentId: string): Promise<Department | undefined> {
  return store.get<Department>(KEYS.department, [departmentId]);
}

export async function mustLoadDepartment(store: Store, departmentId: string): Promise<Department> {
  return (await loadDepartment(store, departmentId)) ?? fail('NOT_FOUND', `department ${departmentId}`);
}

/** Saves a department and indexes its province and every key id (key ids are unique across the registry). */
export async function saveDepartment(store: Store, department: Department): Promise<void> {
  for (const key of department.keys) {
    const owner = await store.get<{ department: string }>(KEYS.key, [key.keyId]);
    if (owner !== undefined && owner.department !== department.id) fail('CONFLICT', `key id ${key.keyId} belongs to department ${owner.department}`);
    if (owner === undefined) await store.put(KEYS.key, [key.keyId], { department: department.id });
  }
  await store.put(KEYS.department, [department.id], department);
  await store.putIndex(KEYS.departmentByProvince, [department.province, department.id]);
}

/** The department that registered a key id, or undefined. */
export async function departmentOfKey(store: Store, keyId: string): Promise<Department | undefined> {
  const owner = await store.get<{ department: string }>(KEYS.key, [keyId]);
  return owner === undefined ? undefined : loadDepartment(store, owner.department);
}

export async function registryIsEmpty(store: Store): Promise<boolean> {
  const any = await store.listIndex(KEYS.departmentByProvince, []);
  return any.length === 0;
}

export async function listDepartments(store: Store, province?: string): Promise<Department[]> {
  const ids = await store.listIndex(KEYS.departmentByProvince, province === undefined ? [] : [province]);
  const out: Department[] = [];
  for (const attributes of ids) {
    const id = attributes[1];
    if (id === undefined) continue;
    const department = await loadDepartment(store, id);
    if (department !== undefined) out.push(department);
  }
  return out;
}
