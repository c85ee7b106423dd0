/**
 * The one command line of Gongkai (`npx gongkai …`). Each command group lives in its own module
 * under src/cli/ and exports `register(program)`; this file only assembles them.
 * A command that fails says why on standard error (in Chinese) and exits non-zero.
 */
import { Command, CommanderError } from 'commander';

type Registrar = { register(program: Command): void | Promise<void> };

// One line per command module. Keep the list sorted by when the commands appear in `--help`.
const modules: Array<() => Promise<Registrar>> = [
  () => import('./cli/serve.ts'),
  () => import('./cli/db.ts'),
  () => import('./cli/agency.ts'),
  () => import('./cli/export.ts'),
  // COMMAND MODULES (add a line: () => import('./cli/NAME.ts'),)
  () => import('./cli/report.ts'),
  () => import('./cli/backup.ts'),
  () => import('./cli/import.ts'),
  () => import('./cli/audit.ts'),
  () => import('./cli/redact.ts'),
  () => import('./cli/calendar.ts'),
];

async function main(argv: string[]) {
  const program = new Command();
  program
    .name('gongkai')
    .description('Gongkai（公开）政府信息公开平台的命令行')
    .showHelpAfterError()
    .exitOverride();
  for (const load of modules) await (await load()).register(program);
  try {
    await program.parseAsync(argv);
  } catch (err) {
    if (err instanceof CommanderError) {
      process.exitCode = err.exitCode;
      return;
    }
    const message = err instanceof Error ? err.message : String(err);
    process.stderr.write(`错误：${message}\n`);
    if (process.env.GONGKAI_DEBUG && err instanceof Error) process.stderr.write(`${err.stack}\n`);
    process.exitCode = 1;
  }
}

await main(process.argv);
