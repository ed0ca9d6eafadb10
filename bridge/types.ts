/** Public types of the tcell-hooks bridge. */
import type { TcellEventSink } from '../exporters/sinks/types';
import type { TcellEventRecord } from '../exporters/tcell-event';

/** A tCell event record as the bridge writes it: the record plus where it came from. */
export interface BridgedEventRecord extends TcellEventRecord {
  /**
   * Extension key: `service.name` of the resource that sent the login, so events of many
   * services stay apart in one file. Absent when the sender set no service name.
   */
  service_name?: string;
}

/** Options of the bridge. */
export interface TcellBridgeOptions {
  /** Where login events go; every sink receives every event. */
  sinks: TcellEventSink[];
  /** Largest request body accepted, before and after gzip; 4 MiB by default. */
  maxBodyBytes?: number;
  /** How many login ids are remembered to drop a login that arrives twice; 10,000 by default. */
  dedupeCapacity?: number;
  /**
   * How long `shutdown()` lets requests in progress finish before it closes their connections;
   * 3,000 ms by default. Only a sender stalled mid-request needs it.
   */
  shutdownGraceMs?: number;
}
