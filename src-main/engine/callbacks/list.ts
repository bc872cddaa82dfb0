import type { Callback, StopReason, TrainingControl } from './types';

/** Calls each callback's hook in order; collects the first stop request. */
export class CallbackList implements TrainingControl {
  stop: { reason: StopReason; message: string } | null = null;

  constructor(private readonly callbacks: Callback[]) {}

  requestStop(reason: StopReason, message: string): void {
    this.stop ??= { reason, message };
  }

  async call<K extends keyof Callback>(hook: K, event: Parameters<NonNullable<Callback[K]>>[0]): Promise<void> {
    for (const callback of this.callbacks) {
      const fn = callback[hook] as ((event: unknown, control: TrainingControl) => void | Promise<void>) | undefined;
      if (fn) await fn.call(callback, event, this);
    }
  }
}
