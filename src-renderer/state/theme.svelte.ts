export type ThemeChoice = 'system' | 'light' | 'dark';
const STORAGE_KEY = 'layerlab.theme';

/** Light or dark: follows prefers-color-scheme unless the user picks one; sets <html data-theme>. */
export class ThemeState {
  choice = $state<ThemeChoice>('system');
  private systemDark = $state(false);
  resolved = $derived<'light' | 'dark'>(this.choice === 'system' ? (this.systemDark ? 'dark' : 'light') : this.choice);

  constructor() {
    const media = window.matchMedia('(prefers-color-scheme: dark)');
    this.systemDark = media.matches;
    media.addEventListener('change', (event) => (this.systemDark = event.matches));
    const saved = localStorage.getItem(STORAGE_KEY);
    if (saved === 'light' || saved === 'dark' || saved === 'system') this.choice = saved;
  }

  cycle(): void {
    this.choice = this.choice === 'system' ? (this.resolved === 'dark' ? 'light' : 'dark') : this.choice === 'dark' ? 'light' : 'system';
    localStorage.setItem(STORAGE_KEY, this.choice);
  }

  apply(): void {
    document.documentElement.dataset.theme = this.resolved;
  }
}
