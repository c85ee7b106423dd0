/**
 * `gongkai import <kind> FILE.csv` (contracts.md §3). The `import` command is registered once here;
 * each area adds its subcommands from its own module, listed in IMPORTERS.
 * An import is all-or-nothing: a bad row rejects the file, naming the line and the reason.
 */
import type { Command } from 'commander';

type ImportRegistrar = { registerImports(importCommand: Command): void };

// One line per area (add a line: () => import('./NAME.ts'),) — the module exports registerImports().
const IMPORTERS: Array<() => Promise<ImportRegistrar>> = [
  () => import('./import-portal.ts'),
  () => import('./import-applications.ts'),
  // IMPORT MODULES
];

export async function register(program: Command) {
  const importCommand = program.command('import').description('批量导入（CSV，UTF-8，带表头；整份文件要么全部导入，要么全部不导入）');
  for (const load of IMPORTERS) (await load()).registerImports(importCommand);
}
