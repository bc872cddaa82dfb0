/** An API call that failed on the other side; `code` is the service's ApiErrorCode (or 'transport'/'unauthorized'). */
export class ApiCallError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'ApiCallError';
  }
}
