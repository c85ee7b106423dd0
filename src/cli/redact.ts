/**
 * `gongkai redact IN.pdf --text STRING [--text STRING …] --basis ARTICLE --out OUT.pdf` (contracts.md
 * §8): removes every occurrence of each string, with what lies under it, and writes the redacted
 * copy; standard output lists what was removed, page by page, with its legal basis — the list the
 * 部分公开告知书 states. A string found nowhere is an error (a typo would leave the real one in the
 * file) unless `--allow-missing`; then nothing is written.
 */
import type { Command } from 'commander';
import { readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parseRedactionBasis, withheldLines, withheldList } from '../domain/redaction/index.ts';

interface Options {
  text: string[];
  basis: string;
  out: string;
  what?: string;
  reason?: string;
  law?: string;
  allowMissing?: boolean;
  format: string;
}

export function register(program: Command): void {
  program
    .command('redact')
    .description('区分处理（第三十七条）：从 PDF 中删除指定文字及其下的内容，输出逐页删除清单及依据')
    .argument('<in>', '原始 PDF 文件')
    .requiredOption('--text <string>', '要删除的文字（可多次给出）', (v: string, prev: string[] = []) => [...prev, v])
    .requiredOption('--basis <article>', '依据，如“第十五条（个人隐私）”、privacy、“第十六条（过程性信息）”')
    .requiredOption('--out <file>', '写出的区分处理后的 PDF')
    .option('--what <label>', '删除的是什么内容（写入告知书，如“第三方联系方式”）；默认按号码类型判断')
    .option('--reason <text>', '不予公开的理由（默认为依据的通用表述）')
    .option('--law <name>', '依据为“法律、行政法规禁止公开”时，禁止公开的法律、行政法规名称')
    .option('--allow-missing', '某些文字在文件中找不到时仍写出文件')
    .option('--format <format>', '输出格式：text 或 json', 'text')
    .action(async (input: string, opts: Options) => {
      if (opts.format !== 'text' && opts.format !== 'json') throw new Error(`输出格式“${opts.format}”未知，应为 text 或 json`);
      const basis = parseRedactionBasis(opts.basis);
      if (!basis.ok) throw new Error(basis.message);
      if (path.resolve(input) === path.resolve(opts.out)) throw new Error('--out 不能是原始文件本身：原件须保留');
      const bytes = await readFile(input).catch((err: NodeJS.ErrnoException) => {
        throw new Error(err.code === 'ENOENT' ? `找不到文件“${input}”` : `无法读取“${input}”：${err.message}`);
      });
      const { redactPdf } = await import('../app/redaction/redact.ts');
      const grounds = { basis: basis.basis.id, reason: opts.reason, law: opts.law, what: opts.what };
      const result = redactPdf(bytes, { texts: opts.text.map((text) => ({ text, ...grounds })) });
      if (result.missing.length && !opts.allowMissing) {
        throw new Error(`文件中找不到：${result.missing.map((m) => `“${m}”`).join('、')}；未写出 ${opts.out}（核对无误后可加 --allow-missing）`);
      }
      for (const w of result.warnings) process.stderr.write(`注意：${w}\n`);
      const entries = withheldList(result.removals);
      // Written beside the target and renamed: a reader never sees half a file.
      const partial = `${opts.out}.partial-${process.pid}`;
      await writeFile(partial, result.pdf);
      await rename(partial, opts.out);
      if (opts.format === 'json') {
        const removals = result.removals.map(({ page, basis: b, what, reason, rects }) => ({ page, basis: b, what, reason, rects }));
        const withheld = entries.map((e) => ({ pages: [e.firstPage, e.lastPage], basis: e.basis.id, label: e.basis.label, items: e.items, reason: e.reason }));
        process.stdout.write(`${JSON.stringify({ out: opts.out, pages: result.pageCount, removals, withheld, missing: result.missing }, null, 2)}\n`);
        return;
      }
      const lines = withheldLines(entries);
      if (result.missing.length) lines.push(...result.missing.map((m) => `未找到：“${m}”`));
      process.stdout.write(`${lines.join('\n')}\n`);
      process.stderr.write(`已写出 ${opts.out}（共${result.pageCount}页，删除${result.removals.length}处）\n`);
    });
}
