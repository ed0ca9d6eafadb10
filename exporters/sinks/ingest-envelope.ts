import { VERSION } from '../../src/version';
import { formatRecord } from '../formats/format-record';
import type { EventFormat, FormatContext } from '../formats/types';
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
  /** tCell records, or OCSF or ECS records with `TCELL_INGEST_FORMAT`. */
  events: readonly object[];
}

/**
 * The body of one ingest request, as text. The only place that decides the wire form of a
 * batch, so that another format can replace it in one spot.
 */
export function serializeIngestBatch(
  records: readonly TcellEventRecord[],
  identity: IngestIdentity,
  format: EventFormat = 'tcell',
  context?: FormatContext,
): string {
  const envelope: IngestEnvelope = {
    ...(identity.appId === undefined ? {} : { app_id: identity.appId }),
    host_identifier: identity.hostIdentifier,
    agent: `tcell-hooks/${VERSION}`,
    events:
      format === 'tcell' ? records : records.map((record) => formatRecord(record, format, context)),
  };
  return JSON.stringify(envelope);
}
