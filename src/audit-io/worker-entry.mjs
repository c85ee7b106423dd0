// The audit pool's worker thread (src/audit-io/pool.ts). The project runs its TypeScript through
// tsx, and a worker thread starts without the parent's loader: register it here, then load the
// task. A compiled build (worker.js beside this file) is loaded as it is.
import { existsSync } from 'node:fs';

const compiled = new URL('./worker.js', import.meta.url);
let mod;
if (existsSync(compiled)) mod = await import(compiled.href);
else {
  const { register } = await import('tsx/esm/api');
  register();
  mod = await import(new URL('./worker.ts', import.meta.url).href);
}
export default mod.default;
