/** What a writer produces: files by name (no folders), written side by side or zipped for a download. */
export interface ExportFiles {
  files: { name: string; data: Uint8Array }[];
}
