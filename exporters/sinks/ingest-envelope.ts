import { VERSION } from '../../src/version';
import type { TcellEventRecord } from '../tcell-event';

/** Who is sending: the fields of the ingest envelope around the events. */
export interface IngestIdentity {
  /** `TCELL_AGENT_APP_ID`; left out of the envelope when unset. */
  appId?: string;
  /** `TCELL_AGENT_HOST_IDENTIFIER`, else the host name. */
  hostIdentifier: string;
}

/** The JSON document posted to the ingest endpoint (before gzip). */
export interface IngestEnvelope {
  app_id?: string;
  host_identifier: string;
  /** `tcell-hooks/<version>`. */
  agent: string;
  events: readonly TcellEventRecord[];
}

/**
 * The body of one ingest request, as text. The only place that decides the wire form of a
 * batch, so that another format can replace it in one spot.
 */
export function serializeIngestBatch(
  records: readonly TcellEventRecord[],
  identity: IngestIdentity,
): string {
  const envelope: IngestEnvelope = {
    ...(identity.appId === undefined ? {} : { app_id: identity.appId }),
    host_identifier: identity.hostIdentifier,
    agent: `tcell-hooks/${VERSION}`,
    events: records,
  };
  return JSON.stringify(envelope);
}
