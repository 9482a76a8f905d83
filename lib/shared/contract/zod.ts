// The one place zod is imported from. zod/mini keeps the popup bundle small
// (~5 kB gzip instead of ~25 kB), and jitless stops Zod from probing
// `new Function`, which MV3's extension CSP reports as a violation.
// Every schema module imports `z` from here, so this runs before any schema exists.
import * as z from 'zod/mini';

z.config({ jitless: true });

export { z };
