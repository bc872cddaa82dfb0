import type { RunSummary } from '../../src-shared/api/run';

type Changes = { tags: string[] } | { note: string };

/**
 * The tags and note fields of a run. Each field is saved on its own, and a stored value that arrives (after
 * either save, or any refresh of the list) replaces a field only while the user has not changed it: typing a
 * note straight after the tags must not lose the note's first characters to the refreshed run.
 */
export class RunNotesDraft {
  tags = $state('');
  note = $state('');
  /** The values last known to be stored; a field equal to its stored value holds no unsaved typing. */
  private storedTags = '';
  private storedNote = '';

  constructor(private readonly save: (changes: Changes) => Promise<unknown>) {}

  /** The run as stored now. */
  sync(run: Pick<RunSummary, 'tags' | 'note'>): void {
    const tags = run.tags.join(', ');
    if (this.tags === this.storedTags) this.tags = tags;
    if (this.note === this.storedNote) this.note = run.note;
    this.storedTags = tags;
    this.storedNote = run.note;
  }

  async saveTags(): Promise<void> {
    const tags = this.tags.split(',').map((tag) => tag.trim()).filter(Boolean);
    this.storedTags = this.tags;
    await this.save({ tags });
  }

  async saveNote(): Promise<void> {
    this.storedNote = this.note;
    await this.save({ note: this.note });
  }
}
