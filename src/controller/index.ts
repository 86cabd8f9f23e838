/**
 * controller — the imperative shell: watches Applications, AppProjects and managed objects,
 * queues reconciles (one in flight per app, rate-limited retries), runs the read path
 * (repo → render → diff → health → status) and writes status and Events. The only module
 * that sequences I/O for the loop; pure decisions live in diff/, health/, status/, sync/plan/.
 */
export { startController } from './controller.js';
export type { ControllerOptions, RunningController } from './controller.js';
export { renderOptionsOf } from './app-source.js';
export {
  startLeaderElection,
  createKubeLeaseStore,
  type LeaderElectionOptions,
  type LeaderElector,
  type LeadershipEnd,
  type LeaseStore,
} from './leader-election.js';
export {
  checkLeaderElectionTiming,
  DEFAULT_LEADER_ELECTION_TIMING,
  type LeaderElectionTiming,
} from './leader-decision.js';
export { REAL_TIMER_CLOCK, type TimerClock } from './timer-clock.js';
