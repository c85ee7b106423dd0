// The audit pool's worker thread (src/audit-io/pool.ts) when Gongkai runs from its sources (tests,
// development): a worker thread starts without the parent's tsx loader, so register it here, then
// load the task. The build runs dist/audit-worker.js instead (bin/build.mjs, src/paths.ts).
const { register } = await import('tsx/esm/api');
register();
const mod = await import(new URL('./worker.ts', import.meta.url).href);
export default mod.default;
