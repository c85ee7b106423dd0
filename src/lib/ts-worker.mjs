// A worker thread of a piscina pool when Gongkai runs from its sources (tests, development): a worker
// thread starts without the parent's tsx loader, so register it here, then load the task module the
// pool names (`workerData.module`, src/paths.ts). The build runs its compiled workers instead.
import { workerData } from 'piscina';

const { register } = await import('tsx/esm/api');
register();
const mod = await import(workerData.module);
export default mod.default;
