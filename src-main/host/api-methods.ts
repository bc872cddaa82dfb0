import type { ApiMethod } from '../../src-shared/api/contract';
import { apiParamSchemas } from '../../src-shared/api/params-schemas';

/** True for the method names of the API contract (the keys of its params schemas); guards both transports. */
export function isApiMethod(name: unknown): name is ApiMethod {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(apiParamSchemas, name);
}
