/** The auditor (issue 7): read published annual reports into the report model and check them. */
export { readReportText, readReportHtml, auditText, auditHtml, STATUTORY_HEADINGS, type ReadOptions, type ReadResult } from './read.ts';
export { tokenise, textLines, htmlLines, labelCore, normaliseLine, cellValue, type Token } from './tokens.ts';
export { fusedCandidates } from './fused.ts';
export { realignRows, table2Holds, type Realignment, type Table2Cells } from './align.ts';
export { inferredCells, inferredLine, BASIS_LABELS, type Inferred, type Basis } from './recovered.ts';
