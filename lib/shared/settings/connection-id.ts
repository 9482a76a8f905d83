// A connection's id, alone in a file: every key message names its connection,
// and must not pull the whole connection model (lib/shared/settings/connections.ts,
// its schemas are not tree-shaken) into each page's bundle.
import { z } from '../contract/zod';

/** Ids are used in storage keys and IndexedDB names: a small alphabet, nothing to escape. */
const CONNECTION_ID_PATTERN = /^[a-z0-9][a-z0-9-]{0,63}$/;
export const ConnectionId = z.string().check(z.regex(CONNECTION_ID_PATTERN));
