// Svelte 5 strips TypeScript types in <script lang="ts"> itself and detects runes per file; no preprocessor needed.
export default {};
