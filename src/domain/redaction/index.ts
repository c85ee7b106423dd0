/** Redaction for 部分公开 (区分处理, 第三十七条): bases, finders, matching, the withheld list. Pure: no I/O. */
export * from './bases.ts';
export * from './patterns.ts';
export * from './search.ts';
export * from './withheld.ts';
