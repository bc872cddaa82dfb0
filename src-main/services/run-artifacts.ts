import { readFileSync } from 'node:fs';
import { resolve, sep } from 'node:path';
import type { ArtifactContent } from '../../src-shared/api/artifacts';
import { ARTIFACT_KINDS, type ArtifactKind } from '../../src-shared/procedures/types';
import type { RunStore } from '../store';
import { ApiError } from './api-service-types';

/** Artifact files larger than this are not served as JSON content (a viewable artifact is a few MB at most). */
const MAX_CONTENT_BYTES = 64 * 1024 * 1024;

export function isViewableKind(kind: string): kind is ArtifactKind {
  return (ARTIFACT_KINDS as readonly string[]).includes(kind);
}

/** The content of a viewable artifact (image grid, scatter, curve, table) of a run, read from its JSON file. */
export function readArtifactContent(store: RunStore, runId: string, artifactId: number): ArtifactContent {
  const artifact = store.getArtifact(runId, artifactId);
  if (!artifact) throw new ApiError('not-found', `run "${runId}" has no artifact ${artifactId}; runs.get lists its artifacts`);
  if (!isViewableKind(artifact.kind)) {
    throw new ApiError('bad-request', `artifact ${artifactId} ("${artifact.name}") is a ${artifact.kind} file, not one of the viewable kinds (${ARTIFACT_KINDS.join(', ')})`);
  }
  const file = resolve(store.dataDir, artifact.path);
  if (!file.startsWith(store.dataDir + sep)) throw new ApiError('bad-request', `artifact ${artifactId}: its path leaves the data dir`);
  if (artifact.bytes > MAX_CONTENT_BYTES) throw new ApiError('bad-request', `artifact ${artifactId} ("${artifact.name}") is ${artifact.bytes} bytes, too large to view`);
  let content: unknown;
  try {
    content = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'its file is missing' : 'its file is not valid JSON';
    throw new ApiError('not-found', `artifact ${artifactId} ("${artifact.name}") of run "${runId}": ${reason} (${artifact.path})`);
  }
  if (!content || typeof content !== 'object' || (content as { kind?: unknown }).kind !== artifact.kind) {
    throw new ApiError('not-found', `artifact ${artifactId} ("${artifact.name}") of run "${runId}": its file does not hold a ${artifact.kind}`);
  }
  return content as ArtifactContent;
}
