import type { Locator, Page } from '@playwright/test';

/** The history table. */
export class RunsPage {
  readonly rows: Locator;

  constructor(readonly page: Page) {
    this.rows = page.getByTestId('run-row');
  }

  async open(): Promise<void> {
    await this.page.getByTestId('tab-runs').click();
  }

  row(name: string): Locator {
    return this.rows.filter({ has: this.page.getByTestId('run-open').getByText(name, { exact: true }) });
  }

  async select(name: string): Promise<void> {
    await this.row(name).getByTestId('run-select').check();
  }

  async compareSelected(): Promise<void> {
    await this.page.getByTestId('compare-selected').click();
  }
}
