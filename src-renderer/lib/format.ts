/** Display formats shared by the views. */

export function formatCount(n: number | null | undefined): string {
  if (n === null || n === undefined || !Number.isFinite(n)) return '—';
  if (Math.abs(n) >= 1e9) return `${(n / 1e9).toFixed(2)}G`;
  if (Math.abs(n) >= 1e6) return `${(n / 1e6).toFixed(2)}M`;
  if (Math.abs(n) >= 1e4) return `${(n / 1e3).toFixed(1)}k`;
  return n.toLocaleString('en-US');
}

export function formatDuration(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms)) return '—';
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m ${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(m / 60)}h ${String(m % 60).padStart(2, '0')}m`;
}

export function formatTime(iso: string | null | undefined): string {
  if (!iso) return '—';
  const date = new Date(iso);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())} ${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

/** "123 / 10,000 (1.23%)" — the test error as the count of mistakes out of the test set and as a rate. */
export function formatTestError(errors: number | null, rate: number | null): string {
  if (errors === null || rate === null) return '—';
  const count = rate > 0 ? Math.round(errors / rate) : null;
  const outOf = count ? ` / ${count.toLocaleString('en-US')}` : '';
  return `${errors.toLocaleString('en-US')}${outOf} (${(rate * 100).toFixed(2)}%)`;
}

/** Classification runs show their test errors; regression runs, which have none, their test RMSE. */
export function formatTestResult(run: { testErrors: number | null; testErrorRate: number | null; testRmse: number | null }): string {
  if (run.testErrors === null && run.testRmse !== null) return `RMSE ${formatNumber(run.testRmse)}`;
  return formatTestError(run.testErrors, run.testErrorRate);
}

export function formatNumber(value: number | null | undefined, digits = 4): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '—';
  return Math.abs(value) >= 1000 ? value.toFixed(0) : value.toPrecision(digits);
}

/** "epoch 1/3" while the first epoch trains: progress counts the epochs done, people count the one in progress. */
export function formatEpochProgress(epochsDone: number, epochs: number): string {
  return `epoch ${Math.min(Math.floor(epochsDone) + 1, epochs)}/${epochs}`;
}
