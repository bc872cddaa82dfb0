import { expect, type Locator, type Page } from '@playwright/test';

/** The Datasets view and its import dialog. */
export class DatasetsPage {
  readonly dialog: Locator;
  readonly preview: Locator;

  constructor(readonly page: Page) {
    this.dialog = page.getByTestId('import-dialog');
    this.preview = page.getByTestId('dataset-preview');
  }

  async open(): Promise<void> {
    await this.page.getByTestId('tab-datasets').click();
    await expect(this.page.getByTestId('datasets-view')).toBeVisible();
  }

  /** Picks the files, sets the options and asks for the preview (a dry-run conversion). */
  async previewImport(files: string[], options: { name?: string; target?: string; dropMissing?: boolean } = {}): Promise<void> {
    await this.page.getByTestId('import-open').click();
    await this.dialog.getByTestId('import-files').setInputFiles(files);
    if (options.name) await this.dialog.getByTestId('import-name').fill(options.name);
    if (options.target) await this.dialog.getByTestId('import-target').fill(options.target);
    if (options.dropMissing) await this.dialog.getByTestId('import-drop-missing').check();
    await this.dialog.getByTestId('import-preview').click();
  }

  async confirm(): Promise<void> {
    await this.dialog.getByTestId('import-confirm').click();
    await expect(this.dialog).toBeHidden();
  }
}
