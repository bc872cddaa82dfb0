import { expect, type Locator, type Page } from '@playwright/test';

/** The Study tab: launch form, the open study's runs, verdict card, curves, weight tiles and norms. */
export class StudyPage {
  readonly view: Locator;
  readonly status: Locator;
  readonly verdict: Locator;
  readonly runs: Locator;

  constructor(readonly page: Page) {
    this.view = page.getByTestId('study-view');
    this.status = page.getByTestId('study-status');
    this.verdict = page.getByTestId('study-verdict');
    this.runs = page.getByTestId('study-run');
  }

  async open(): Promise<void> {
    await this.page.getByTestId('tab-study').click();
    await expect(this.view).toBeVisible();
  }

  async set(field: 'study-seeds' | 'study-epochs' | 'study-train-limit' | 'study-test-limit', value: string): Promise<void> {
    const input = this.page.getByTestId(field);
    await input.fill(value);
    await input.press('Tab');
  }

  async launch(templateId: string): Promise<void> {
    await this.page.getByTestId('study-template').selectOption(templateId);
    await this.page.getByTestId('study-start').click();
  }

  /** The weight tiles of one variant: 'dropout' or 'noDropout'. */
  tiles(variant: 'dropout' | 'noDropout'): Locator {
    return this.page.getByTestId(`study-tiles-${variant}`).getByTestId('weight-tiles');
  }
}
