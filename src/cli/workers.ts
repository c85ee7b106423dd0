/**
 * `gongkai serve --workers N`: N server processes sharing one port (Node's cluster module: the
 * primary accepts connections and hands them to the workers in turn), for an installation on a
 * PostgreSQL server that outgrows one core (issue 20). Every worker is an ordinary `gongkai serve`;
 * what must be shared between them is in the database (rate limits, sessions, page-cache
 * invalidation by LISTEN/NOTIFY, the start-up lock). The primary opens no database: it starts the
 * workers, starts a worker again when one dies, and stops them all on SIGTERM / SIGINT.
 */
import cluster, { type Worker } from 'node:cluster';
import os from 'node:os';

/** The --workers value (or GONGKAI_WORKERS): a positive integer, or `auto` = the cores available. */
export function parseWorkers(value: string | undefined): number {
  const v = (value ?? '').trim();
  if (v === '') return 1;
  if (v === 'auto') return os.availableParallelism();
  if (!/^\d+$/.test(v) || Number(v) < 1 || Number(v) > 256) throw new Error(`进程数（--workers / GONGKAI_WORKERS）应为 1–256 的整数或 auto，现为“${v}”`);
  return Number(v);
}

/** Whether this process is the primary that should start `workers` workers instead of serving. */
export function isSupervisor(workers: number): boolean {
  return workers > 1 && cluster.isPrimary;
}

/**
 * Runs the primary: starts `n` workers (this same command line, run again by cluster.fork), keeps
 * them running, and stops them on a signal. A worker that exits on its own before it ever served (a
 * wrong setting, the database unreachable) stops the whole: starting it again would fail the same
 * way. A worker killed by a signal (the OOM killer, an operator) is started again, served or not.
 */
export function superviseWorkers(n: number, out: (line: string) => void = (l) => process.stdout.write(`${l}\n`)): Promise<void> {
  return new Promise((resolve) => {
    let stopping = false;
    const listening = new WeakSet<Worker>();
    const start = () => {
      const w = cluster.fork();
      w.once('listening', () => listening.add(w));
    };
    cluster.on('exit', (worker, code, signal) => {
      if (stopping) {
        if (Object.keys(cluster.workers ?? {}).length === 0) resolve();
        return;
      }
      if (!listening.has(worker) && !signal) {
        process.stderr.write(`错误：服务进程 ${worker.process.pid} 未能启动（退出码 ${code ?? signal}），停止全部进程\n`);
        process.exitCode = 1;
        stop();
        return;
      }
      out(`服务进程 ${worker.process.pid} 已退出（${signal ?? code}），正在重新启动一个`);
      start();
    });
    const stop = () => {
      if (stopping) return;
      stopping = true;
      const alive = Object.values(cluster.workers ?? {}).filter((w): w is Worker => !!w);
      if (alive.length === 0) resolve();
      for (const w of alive) w.process.kill('SIGTERM');
    };
    process.on('SIGTERM', stop);
    process.on('SIGINT', stop);
    out(`Gongkai 以 ${n} 个服务进程运行（共用一个端口）`);
    for (let i = 0; i < n; i++) start();
  });
}
