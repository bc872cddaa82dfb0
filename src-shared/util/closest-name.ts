function editDistance(a: string, b: string): number {
  const previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = previous[0];
    previous[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = previous[j];
      previous[j] = Math.min(previous[j] + 1, previous[j - 1] + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
      diagonal = above;
    }
  }
  return previous[b.length];
}

/** The known name closest to `given` (case-insensitive edit distance), when it is close enough to be a typo of it. */
export function closestName(given: string, known: readonly string[]): string | null {
  let best: string | null = null;
  let bestDistance = Infinity;
  for (const name of known) {
    const distance = editDistance(given.toLowerCase(), name.toLowerCase());
    if (distance < bestDistance) {
      best = name;
      bestDistance = distance;
    }
  }
  return best !== null && bestDistance <= Math.max(2, Math.floor(best.length / 3)) ? best : null;
}

/** `unknown field "learningRat"; did you mean "learningRate"?` (or the known names when none is close). */
export function unknownFieldMessage(field: string, known: readonly string[]): string {
  const close = closestName(field, known);
  const shown = field.length > 60 ? `${field.slice(0, 60)}…` : field;
  if (close) return `unknown field "${shown}"; did you mean "${close}"?`;
  return `unknown field "${shown}"; the known fields are ${known.map((name) => `"${name}"`).join(', ') || 'none'}`;
}
