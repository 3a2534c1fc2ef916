/**
 * Sign-in for the explorer: an auditor department's API key (or a token) is exchanged for a short-lived bearer
 * token. Least privilege: the explorer only keeps an identity whose registry roles include `auditor` and that
 * is not a gateway principal; it warns when the gateway holds a signing key (e-seal) for that department.
 */
import { ApiError, getJson, setAuditorToken } from '../api';
import { add, h } from '../dom';
import { t } from '../i18n';

export interface Me {
  department: string;
  province: string;
  roles: string[];
  eSeal: string | null;
}

export async function whoAmI(): Promise<Me | undefined> {
  try {
    return await getJson<Me>('/api/v1/auth/me');
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) return undefined;
    throw error;
  }
}

/** Accept an identity only if it is an auditor and not a gateway principal. */
export function acceptable(me: Me): string | undefined {
  if (!me.roles.includes('auditor')) return `${me.department}: ${t('notAuditor')}`;
  if (me.roles.includes('gateway')) return `${me.department}: ${t('notAuditor')}`;
  return undefined;
}

export function signInView(root: HTMLElement, reason: string | undefined, done: () => void): void {
  const input = h('input', { id: 'api-key', type: 'password', autocomplete: 'off', placeholder: 'dtl-demo-…' }) as HTMLInputElement;
  const message = h('p', { class: 'notfound', id: 'signin-message' }, reason ?? '');
  const form = h(
    'form',
    {
      class: 'lookup',
      id: 'signin',
      onsubmit: async (event: Event) => {
        event.preventDefault();
        message.textContent = '';
        const response = await fetch('/api/v1/auth/token', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ apiKey: input.value.trim() }) });
        const body = (await response.json().catch(() => ({}))) as { token?: string; error?: { message?: string } };
        input.value = '';
        if (!response.ok || !body.token) {
          message.textContent = body.error?.message ?? `${response.status}`;
          return;
        }
        setAuditorToken(body.token);
        const me = await whoAmI();
        const refusal = me ? acceptable(me) : t('unhealthy');
        if (refusal) {
          setAuditorToken(null);
          message.textContent = refusal;
          return;
        }
        done();
      },
    },
    h('h1', {}, t('signIn')),
    h('p', { class: 'note' }, t('signInNote')),
    input,
    h('button', { type: 'submit' }, t('signIn')),
  );
  // Departments other than auditors do their work in the workbench.
  const workbench = h('p', { class: 'note', id: 'workbench-note' }, t('workbenchNote'), ' ', h('a', { href: '/workbench/', id: 'workbench-link' }, t('workbenchLink')));
  add(root, form, message, workbench);
}
