/**
 * Timing bounds measure the CPU time this process spends, not the wall clock: on a shared machine
 * (or with test files run side by side) the wall clock grows with the load, the work done does not.
 */
export function cpuTimed<T>(run: () => T): { result: T; ms: number } {
  const started = process.cpuUsage();
  const result = run();
  const used = process.cpuUsage(started);
  return { result, ms: (used.user + used.system) / 1000 };
}
