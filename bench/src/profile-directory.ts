import { tmpdir } from "node:os";

/** Where the profiled worker with process id `pid` writes its profile and call counts. */
export function profileDirectory(pid: number): string {
  return `${tmpdir()}/dispatcher-bench-profile-${pid}`;
}
