/**
 * Issue 14 follow-up: a PDF as a Word-like producer makes it (tables as positioned text, no rules),
 * cells drawn row by row or column by column, read through pdf.js: any valid model in any number
 * convention reads back cell for cell — where zeros print as nothing and a cell cannot be placed by
 * position, a finding names it; a planted arithmetic defect is found (real-properties.ts).
 * A handful of runs: a PDF takes about half a second to make and read on a quiet machine.
 */
import { describe, it } from 'vitest';
import { checkFamily } from './real-properties.ts';

describe('a Word-made PDF read through pdf.js', () => {
  it('cells drawn row by row', () => checkFamily('pdf', 2), 150_000);
  it('cells drawn column by column', () => checkFamily('pdf-columns', 2), 150_000);
});
