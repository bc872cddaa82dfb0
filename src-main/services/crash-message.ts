/** What the user reads when a trainer died without reporting a result. */
export function describeTrainerExit(exit: {
  code: number | null;
  signal: string | null;
  /** 1-based epoch the trainer was in, or null when training had not begun. */
  epoch: number | null;
  metricPoints: number;
  lastStderr?: string;
}): string {
  const how = exit.signal
    ? `the trainer process was killed (${exit.signal})`
    : exit.code !== null && exit.code !== 0
      ? `the trainer process exited with code ${exit.code}`
      : 'the trainer process exited without reporting a result';
  const when = exit.epoch === null ? 'before training started' : `during epoch ${exit.epoch}`;
  const saved = `${exit.metricPoints} metric point${exit.metricPoints === 1 ? ' was' : 's were'} saved`;
  const output = !exit.signal && exit.lastStderr ? ` (its last output: ${exit.lastStderr.trim().slice(0, 300)})` : '';
  return `${how} ${when}; ${saved}${output}`;
}
