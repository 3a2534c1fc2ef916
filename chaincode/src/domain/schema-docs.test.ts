/** docs/record-types.md is generated from the schemas and current (regenerate: npm run docs:schemas). */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { recordTypesMarkdown } from './schema-docs';
import { RECORD_SCHEMAS } from './schemas';

test('docs/record-types.md is current', () => {
  const file = readFileSync(join(__dirname, '..', '..', '..', 'docs', 'record-types.md'), 'utf8');
  expect(file === recordTypesMarkdown()).toBe(true); // if not: npm run docs:schemas
});

test('it has a section and a field table for every schema', () => {
  const text = recordTypesMarkdown();
  for (const key of Object.keys(RECORD_SCHEMAS)) expect(text).toContain(`## \`${key}\``);
  expect(text).toContain('| `subject.creditCode` | 统一社会信用代码 |');
  expect(text).toContain('`no-licence:food-business` 不得取得食品经营许可证');
});
