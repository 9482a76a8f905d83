// The storage keys of the connection list, alone in a file: the popup's
// early-read script (which must stay a few hundred bytes) imports them
// without pulling in a schema.
/** storage.local: the admin's own connections. */
export const CONNECTIONS_KEY = 'connections.v1';
/** storage.local: the id of the connection the popup shows. */
export const CURRENT_KEY = 'connections.current.v1';
/** storage.local: the worker's copy of the whole resolved list (own + managed), so the popup paints its header without parsing a policy. */
export const RESOLVED_KEY = 'connections.resolved.v1';
