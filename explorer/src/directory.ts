/** The department registry as the explorer shows it (names, province), read once from GET /api/v1/departments. */
import { getJson, pick } from './api';
import { lang, tr } from './i18n';

export interface DepartmentInfo {
  id: string;
  nameZh: string;
  nameEn: string;
  province: string;
  roles: string[];
}

let pending: Promise<Map<string, DepartmentInfo>> | undefined;

export function departments(): Promise<Map<string, DepartmentInfo>> {
  pending ??= getJson<unknown>('/api/v1/departments')
    .then((body) => {
      const list = Array.isArray(body) ? body : (pick<unknown[]>(body, 'departments', 'items') ?? []);
      return new Map((Array.isArray(list) ? (list as DepartmentInfo[]) : []).filter((d) => typeof d.id === 'string').map((d) => [d.id, d]));
    })
    .catch(() => new Map<string, DepartmentInfo>());
  return pending;
}

/** "上海市市场监督管理局 (上海)" / "Shanghai Administration for Market Regulation (Shanghai)", or the id. */
export function departmentLabel(directory: ReadonlyMap<string, DepartmentInfo>, id: string): string {
  const d = directory.get(id);
  if (!d) return id;
  return `${lang() === 'en' ? d.nameEn : d.nameZh} (${tr(d.province)})`;
}
