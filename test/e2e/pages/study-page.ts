import { expect, type Locator, type Page } from '@playwright/test';

/** The dropout study preset on the Plans tab: its launch form, then the open plan's runs, verdict card, curves, weight tiles and norms. */
export class StudyPage {
  readonly view: Locator;
  readonly status: Locator;
  readonly verdict: Locator;
  readonly verdictText: Locator;
  readonly runs: Locator;

  constructor(readonly page: Page) {
    this.view = page.getByTestId('plans-view');
    this.status = page.getByTestId('plan-status');
    this.verdict = page.getByTestId('plan-verdict');
    this.verdictText = page.getByTestId('plan-verdict-text');
    this.runs = page.getByTestId('plan-run');
  }

  async open(): Promise<void> {
    await this.page.getByTestId('tab-plans').click();
    await expect(this.view).toBeVisible();
    await this.page.getByTestId('plan-launch-dropout').click();
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

  /** Runs of the open plan with this status. */
  runsWithStatus(status: string): Locator {
    return this.page.locator(`[data-testid="plan-run"][data-status="${status}"]`);
  }

  /** The weight tiles of one arm: 'a' (the template, with dropout) or 'b' (without). */
  tiles(arm: 'a' | 'b'): Locator {
    return this.page.getByTestId(`plan-tiles-${arm}`).getByTestId('weight-tiles');
  }
}
