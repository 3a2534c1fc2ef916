/**
 * The verdict level on the public trace page: what is known about the batch, in the reader's language, instead of
 * a single 正品. The level itself is decided by the chaincode (domain/trace/verdict-level.ts) and served with the
 * trace view; this component only renders it — except that a page whose own signature check fails shows
 * "cannot be confirmed", whatever the server said. Times are shown in China Standard Time.
 */
import { h } from '../dom';
import { lang, t, type I18nKey } from '../i18n';

type Level = 'inspected-passed' | 'not-inspected' | 'failed-inspection' | 'recalled' | 'unconfirmed';
type Cause = 'not-found' | 'check-code' | 'signature';

interface Names {
  nameZh?: string;
  nameEn?: string;
}
interface InspectionFact {
  batchId?: string;
  inherited?: boolean;
  department?: string;
  departmentName?: Names;
  laboratory?: string;
  reportNumber?: string;
  occurredAt?: string;
}
interface RecallFact {
  batchId?: string;
  department?: string;
  departmentName?: Names;
  reason?: string;
  legalBasis?: string;
}
interface LevelView {
  level: Level;
  inspection?: InspectionFact;
  recall?: RecallFact;
  cause?: Cause;
}

const LEVELS: readonly Level[] = ['inspected-passed', 'not-inspected', 'failed-inspection', 'recalled', 'unconfirmed'];
const ICON: Record<Level, string> = { 'inspected-passed': '✔', 'not-inspected': '○', 'failed-inspection': '✖', recalled: '⚠', unconfirmed: '?' };

/** The level the server sent, checked for shape; undefined when absent or malformed. */
export function parseLevel(value: unknown): LevelView | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const level = (value as { level?: unknown }).level;
  return typeof level === 'string' && (LEVELS as readonly string[]).includes(level) ? (value as LevelView) : undefined;
}

/** An instant in China Standard Time (UTC+8), e.g. 2025-04-20 10:00 北京时间 / 2025-04-20 10:00 CST. */
export function chinaTime(iso: string | undefined): string {
  const ms = iso === undefined ? Number.NaN : Date.parse(iso);
  if (Number.isNaN(ms)) return '—';
  const cst = new Date(ms + 8 * 3_600_000).toISOString();
  return `${cst.slice(0, 10)} ${cst.slice(11, 16)} ${t('levelCst')}`;
}

function fill(template: string, values: Readonly<Record<string, string | undefined>>): string {
  return template.replace(/\{(\w+)\}/g, (_, name: string) => values[name] ?? '—');
}

function departmentName(names: Names | undefined, id: string | undefined): string {
  const name = lang() === 'zh-CN' ? names?.nameZh : names?.nameEn;
  return name ?? id ?? '—';
}

function reasonOf(view: LevelView): string[] {
  switch (view.level) {
    case 'inspected-passed':
    case 'failed-inspection': {
      const i = view.inspection;
      if (i === undefined) return [t(view.level === 'inspected-passed' ? 'levelPassedNoDetail' : 'levelFailedNoDetail')];
      const values = { department: departmentName(i.departmentName, i.department), laboratory: i.laboratory, report: i.reportNumber, time: chinaTime(i.occurredAt), batch: i.batchId };
      const key: I18nKey = view.level === 'failed-inspection' ? 'levelFailedBy' : i.inherited === true ? 'levelPassedInherited' : 'levelPassedBy';
      return [fill(t(key), values)];
    }
    case 'recalled': {
      const r = view.recall;
      if (r === undefined) return [t('levelRecallAdvice')];
      return [fill(t('levelRecalledBy'), { department: departmentName(r.departmentName, r.department), batch: r.batchId, reason: r.reason, basis: r.legalBasis }), t('levelRecallAdvice')];
    }
    case 'not-inspected':
      return [t('levelNotInspected')];
    case 'unconfirmed':
      return [t(view.cause === 'not-found' ? 'levelCauseNotFound' : view.cause === 'check-code' ? 'levelCauseCheckCode' : 'levelCauseSignature')];
  }
}

/**
 * The verdict card (#trace-verdict): `data-verdict` keeps the base verdict the page computed, `data-level` the
 * level shown. `pageVerdict` is 'unknown' or 'invalid' when the page's own checks failed (then: cannot be confirmed), 'unanchored'
 * when no trust bundle is pinned (the level is shown greyed, never green).
 */
export function verdictLevelCard(serverLevel: unknown, pageVerdict: string, pageReasons: readonly string[]): HTMLElement {
  const parsed = parseLevel(serverLevel);
  const failed = pageVerdict === 'unknown' || pageVerdict === 'invalid';
  const view: LevelView = failed ? (parsed?.level === 'unconfirmed' ? parsed : { level: 'unconfirmed', cause: 'signature' }) : (parsed ?? { level: 'unconfirmed', cause: 'signature' });
  const [reason, advice] = reasonOf(view);
  return h(
    'div',
    { class: 'trace-level' },
    h(
      'div',
      { class: `trace-verdict v-${pageVerdict} level-${view.level}`, id: 'trace-verdict', 'data-verdict': pageVerdict, 'data-level': view.level },
      h('div', { class: 'trace-icon' }, ICON[view.level]),
      h('div', { class: 'trace-word' }, t(`level.${view.level}` as I18nKey)),
    ),
    h('p', { class: 'trace-level-reason', id: 'trace-level-reason' }, reason ?? ''),
    advice === undefined ? null : h('p', { class: 'trace-level-advice', id: 'trace-level-advice' }, advice),
    pageReasons.length > 0 ? h('p', { class: 'trace-reasons' }, pageReasons.join('; ')) : null,
  );
}
