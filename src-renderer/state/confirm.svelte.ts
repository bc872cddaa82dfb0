export interface ConfirmRequest {
  message: string;
  confirmLabel: string;
  resolve: (ok: boolean) => void;
}

/** One question at a time for the confirm dialog; `ask` resolves true when the user confirms. */
export class ConfirmState {
  request = $state.raw<ConfirmRequest | null>(null);

  ask(message: string, confirmLabel: string): Promise<boolean> {
    this.request?.resolve(false);
    return new Promise((resolve) => (this.request = { message, confirmLabel, resolve }));
  }

  answer(ok: boolean): void {
    const request = this.request;
    this.request = null;
    request?.resolve(ok);
  }
}
