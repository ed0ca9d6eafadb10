/**
 * A request the bridge refuses, with the HTTP status to answer and a reason meant for the
 * person who configured the sender.
 */
export class BridgeRequestError extends Error {
  constructor(
    readonly statusCode: number,
    message: string,
  ) {
    super(message);
    this.name = 'BridgeRequestError';
  }
}
