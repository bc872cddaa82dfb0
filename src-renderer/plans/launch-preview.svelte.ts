import type { ApiClient } from '../../src-shared/api/contract';
import type { StartPlanParams } from '../../src-shared/plans/types';

const DEBOUNCE_MS = 300;

/**
 * What starting the form's plan would do, asked of plans.preview while the form is valid: how many runs,
 * how many of them are done already and would be reused, or why the API would refuse it.
 */
export class LaunchPreview {
  runs = $state<number | null>(null);
  reused = $state(0);
  error = $state<string | null>(null);
  private timer: ReturnType<typeof setTimeout> | null = null;
  private asked = 0;

  constructor(private readonly api: ApiClient) {}

  request(params: StartPlanParams | null): void {
    if (this.timer) clearTimeout(this.timer);
    const ask = ++this.asked;
    // Until the answer comes, the form's own count shows.
    this.runs = null;
    this.reused = 0;
    this.error = null;
    if (!params) return;
    this.timer = setTimeout(async () => {
      try {
        const preview = await this.api.call('plans.preview', params);
        if (ask !== this.asked) return;
        this.runs = preview.slots.length;
        this.reused = preview.done;
        this.error = null;
      } catch (error) {
        if (ask !== this.asked) return;
        this.runs = null;
        this.reused = 0;
        this.error = (error as Error).message;
      }
    }, DEBOUNCE_MS);
  }

  /** "6 runs", "8 runs, 6 reused". */
  describe(fallback: number): string {
    const runs = this.runs ?? fallback;
    return `${runs} run${runs === 1 ? '' : 's'}${this.reused ? `, ${this.reused} reused` : ''}`;
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    this.asked++;
  }
}
