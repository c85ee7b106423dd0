import { describe, expect, it } from 'vitest';
import { noticeFor } from '../../../src/server/pages/render.ts';

describe('the notice after a redirect (?done=)', () => {
  const notices = { saved: '已保存' };
  it('shows the page’s own text for a known key', () => expect(noticeFor(notices, 'saved')).toBe('已保存'));
  it('never the query’s own text, nor an inherited property', () => {
    for (const key of ['请拨打 400-000-0000 领取补偿', 'constructor', '__proto__', 'toString', '', undefined]) expect(noticeFor(notices, key)).toBeUndefined();
  });
});
