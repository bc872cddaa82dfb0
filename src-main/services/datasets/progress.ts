export interface ImportProgress {
  phase: 'reading' | 'profiling' | 'encoding' | 'writing';
  /** Bytes of the source files handled so far in this phase, of `bytesTotal`. */
  bytesDone: number;
  bytesTotal: number;
}

export type ProgressListener = (progress: ImportProgress) => void;

/** Calls `listener` at most every `everyMs` milliseconds (and always for the last byte). */
export function throttled(listener: ProgressListener | undefined, phase: ImportProgress['phase'], bytesTotal: number, everyMs = 200): (bytesDone: number) => void {
  let last = 0;
  return (bytesDone) => {
    if (!listener) return;
    const now = Date.now();
    if (bytesDone < bytesTotal && now - last < everyMs) return;
    last = now;
    listener({ phase, bytesDone, bytesTotal });
  };
}
