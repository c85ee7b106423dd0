/**
 * The committed client types (test/support/api-schema.d.ts) are exactly what openapi-typescript
 * generates from the document the app serves now: a route whose schema changed without
 * `npm run api:types` fails here, so the typed client the tests call cannot drift from the contract.
 */
import { describe, expect, it } from 'vitest';
import { apiTypes, committedApiTypes, readmeErrorCodes, servedDocument } from '../../support/api-types.ts';
import { errorCodesMarkdown, LISTED_ERROR_CODES } from '../../../src/app/error-codes.ts';

describe('the generated API client', () => {
  it('matches the served OpenAPI document (run `npm run api:types` after changing a route schema)', async () => {
    const generated = await apiTypes(await servedDocument());
    expect(generated.length).toBeGreaterThan(1000);
    expect(committedApiTypes() === generated, '提交的 test/support/api-schema.d.ts 与当前的 OpenAPI 文档不一致：请运行 npm run api:types').toBe(true);
  });

  it('types every operation of the document', async () => {
    const doc = (await servedDocument()) as { paths: Record<string, Record<string, unknown>> };
    const text = committedApiTypes();
    for (const path of Object.keys(doc.paths)) expect(text).toContain(`"${path}": {`);
  });

  it('the README lists the error codes of src/app/error-codes.ts (written by `npm run api:types`)', () => {
    expect(readmeErrorCodes()).toBe(errorCodesMarkdown());
    for (const code of LISTED_ERROR_CODES) expect(readmeErrorCodes()).toContain(`| \`${code}\` |`);
  });
});
