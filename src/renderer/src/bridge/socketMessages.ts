// What the bridge socket worker and the page say to each other. The worker owns the WebSocket;
// the page only sees these messages (see bridgeSocket.ts for why the socket lives in a worker).

/** What the worker opens, given as its name (JSON) when the page starts it. */
export interface SocketWorkerBoot {
  url: string
}

/** Page → worker. */
export type ToSocketWorker = { type: 'send'; data: string | ArrayBuffer } | { type: 'close' }

/** Worker → page. */
export type FromSocketWorker =
  /** `at`: when the socket opened (wall clock ms), for the first paint's milestones. */
  | { type: 'open'; at?: number }
  /**
   * `at`: when the worker received a small binary frame or a text message (wall clock ms), for
   * the latency trace and the first paint's milestones.
   */
  | { type: 'message'; data: string | ArrayBuffer; at?: number }
  | { type: 'error' }
  | { type: 'close' }
