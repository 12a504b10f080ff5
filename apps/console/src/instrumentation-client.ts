// Runs in the browser before the app hydrates. Zod 4 compiles object parsers with `new Function` where
// it may, probing for that once when the first object schema is defined; under the console's CSP (no
// 'unsafe-eval', src/proxy.ts) the probe is refused and the browser reports a policy violation on every
// page that defines one (the sizing form). Jitless parsing skips the probe; the forms parse little.
import { z } from 'zod';

z.config({ jitless: true });
