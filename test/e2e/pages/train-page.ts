import { expect, type Locator, type Page } from '@playwright/test';

/** The train panel and the live charts under the canvas. */
export class TrainPage {
  readonly lossChart: Locator;

  constructor(readonly page: Page) {
    this.lossChart = page.getByTestId('live-run').getByTestId('chart-loss');
  }

  async set(field: 'train-epochs' | 'train-limit' | 'train-seed' | 'train-lr' | 'train-name' | 'train-batch', value: string): Promise<void> {
    const input = this.page.getByTestId(field);
    await input.fill(value);
    await input.press('Tab');
  }

  async chooseDataset(name: string): Promise<void> {
    await this.page.getByTestId('train-dataset').selectOption(name);
  }

  async start(): Promise<void> {
    await this.page.getByTestId('start-run').click();
    await expect(this.page.getByTestId('live-run')).toBeVisible();
  }

  async chartPoints(chart: Locator = this.lossChart): Promise<number> {
    return Number(await chart.getAttribute('data-points'));
  }

  liveStatus(): Locator {
    return this.page.getByTestId('live-run').getByTestId('live-status');
  }
}
