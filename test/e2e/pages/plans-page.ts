import { expect, type Locator, type Page } from '@playwright/test';

/** The Plans tab: the ablation and sweep launch forms, the open plan's progress, verdict card, results table and plot. */
export class PlansPage {
  readonly view: Locator;
  readonly status: Locator;
  readonly runs: Locator;
  readonly verdictText: Locator;
  readonly table: Locator;
  readonly rows: Locator;
  readonly plot: Locator;
  readonly lines: Locator;

  constructor(readonly page: Page) {
    this.view = page.getByTestId('plans-view');
    this.status = page.getByTestId('plan-status');
    this.runs = page.getByTestId('plan-run');
    this.verdictText = page.getByTestId('plan-verdict-text');
    this.table = page.getByTestId('sweep-table');
    this.rows = page.getByTestId('sweep-row');
    this.plot = page.getByTestId('sweep-parallel');
    this.lines = page.getByTestId('pc-line');
  }

  async open(kind: 'dropout' | 'ablation' | 'sweep'): Promise<void> {
    await this.page.getByTestId('tab-plans').click();
    await expect(this.view).toBeVisible();
    await this.page.getByTestId(`plan-launch-${kind}`).click();
  }

  /** Types into a field and leaves it, as a user would (number fields commit on change). */
  async fill(target: string | Locator, value: string): Promise<void> {
    const input = typeof target === 'string' ? this.page.getByTestId(target) : target;
    await input.fill(value);
    await input.press('Tab');
  }

  /** Picks a setting in a setting select by the path its option shows in brackets. */
  async pickSetting(select: Locator, path: string): Promise<void> {
    const label = await select.locator('option').evaluateAll((options, p) => options.map((o) => o.textContent ?? '').find((text) => text.endsWith(`(${p})`)), path);
    expect(label, `a setting option ending in (${path})`).toBeTruthy();
    await select.selectOption({ label: label! });
  }

  async addGrid(path: string, values: string): Promise<void> {
    await this.page.getByTestId('sweep-grid-add').click();
    const row = this.page.getByTestId('sweep-grid-row').last();
    await this.pickSetting(row.getByTestId('sweep-grid-setting'), path);
    await this.fill(row.getByTestId('sweep-grid-values'), values);
  }

  async addRange(path: string, dist: string, low: string, high: string): Promise<void> {
    await this.page.getByTestId('sweep-space-add').click();
    const row = this.page.getByTestId('sweep-space-row').last();
    await this.pickSetting(row.getByTestId('sweep-space-setting'), path);
    await row.getByTestId('sweep-space-dist').selectOption(dist);
    await this.fill(row.getByTestId('sweep-space-min'), low);
    await this.fill(row.getByTestId('sweep-space-max'), high);
  }

  /** The text of one column, row by row, as the table shows it now. */
  column(key: string): Promise<string[]> {
    return this.rows.locator(`td[data-key="${key}"]`).allTextContents();
  }

  sortBy(key: string): Promise<void> {
    return this.page.locator(`[data-testid="sweep-sort"][data-key="${key}"]`).click();
  }
}
