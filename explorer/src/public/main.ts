/**
 * The public pages' entry (served at `/`): no sign-in, phone first, no framework.
 * Links created by earlier versions (`/#/trace/<batch>` on printed labels and QR codes) lead to the trace page.
 */
const legacyTrace = /^#\/trace\//.exec(location.hash);
if (legacyTrace) location.replace(`/audit/${location.search}${location.hash}`);

const zh = !/^en\b/i.test(localStorage.getItem('dtl.lang') ?? 'zh-CN');
const text = zh
  ? { title: '长三角可信账本', trace: '产品追溯', tracePlaceholder: '输入追溯码', go: '查询', workbench: '部门工作台', audit: '审计浏览器' }
  : { title: 'Delta Trust Ledger', trace: 'Product trace', tracePlaceholder: 'Enter the trace code', go: 'Look up', workbench: 'Department workbench', audit: 'Audit explorer' };

const root = document.getElementById('public') as HTMLElement;
document.documentElement.lang = zh ? 'zh-CN' : 'en';
document.title = text.title;
const heading = document.createElement('h1');
heading.textContent = text.title;
const form = document.createElement('form');
const input = Object.assign(document.createElement('input'), { type: 'text', placeholder: text.tracePlaceholder, id: 'trace-code' });
input.setAttribute('aria-label', text.trace);
const button = Object.assign(document.createElement('button'), { type: 'submit', textContent: text.go });
form.append(input, button);
form.addEventListener('submit', (event) => {
  event.preventDefault();
  const code = input.value.trim();
  if (code) location.assign(`/audit/#/trace/${encodeURIComponent(code)}`);
});
const links = document.createElement('nav');
for (const [href, label] of [['/workbench/', text.workbench], ['/audit/', text.audit]] as const) {
  links.append(Object.assign(document.createElement('a'), { href, textContent: label }), ' ');
}
root.append(heading, form, links);
