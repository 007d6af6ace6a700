// What the bridge socket worker and the page say to each other. The worker owns the WebSocket;
// the page only sees these messages (see bridgeSocket.ts for why the socket lives in a worker).

/** Page → worker. */
export type ToSocketWorker =
  { type: 'open'; url: string } | { type: 'send'; data: string | ArrayBuffer } | { type: 'close' }

/** Worker → page. */
export type FromSocketWorker =
  | { type: 'open' }
  /** `at`: when the worker received a small binary frame (wall clock ms), for the latency trace. */
  | { type: 'message'; data: string | ArrayBuffer; at?: number }
  | { type: 'error' }
  | { type: 'close' }
