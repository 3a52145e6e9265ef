/**
 * @dispatcher/control: the dispatcher's desired state (stored in Postgres) applied to Redis: a
 * change is committed first, then Redis is converged to it; the reconcile loop repairs drift.
 */
export {
  type Convergence,
  changeDispatcher,
  convergeDispatcher,
  type DispatcherControlDeps,
  reconcileDispatcher,
} from "./dispatcher-control.js";
