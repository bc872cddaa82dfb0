import type { ApiMethods, ApiParams, TemplateInfo } from '../../../src-shared/api/contract';
import { ApiError } from '../api-service-types';
import type { StudyService } from './study-service';

type StudyMethod = 'studies.start' | 'studies.list' | 'studies.get' | 'studies.report';
export type StudyHandlers = { [M in StudyMethod]: (params: ApiParams<M>) => ApiMethods[M]['result'] | Promise<ApiMethods[M]['result']> };

/** The study methods of the API, to spread into createApiService's handlers. */
export function createStudyHandlers(studies: StudyService, templates: () => TemplateInfo[]): StudyHandlers {
  return {
    'studies.start': ({ templateId, ...options }) => {
      const available = templates();
      const template = available.find((t) => t.id === templateId);
      if (!template) {
        throw new ApiError('bad-request', `templateId: no template "${templateId}"; templates: ${available.map((t) => t.id).join(', ')}`);
      }
      return studies.start(template, options);
    },
    'studies.list': () => studies.list(),
    'studies.get': ({ studyId }) => studies.get(studyId),
    'studies.report': async ({ studyId }) => {
      const html = await studies.report(studyId);
      const record = studies.record(studyId);
      return { fileName: `layerlab-study-${record.templateId}-${record.id.slice(0, 8)}.html`, html };
    },
  };
}
