// Runs in the browser before the app's own code. zod 4 probes for eval (new Function) to compile
// faster parsers; under the CSP (no 'unsafe-eval') that probe is a reported violation, so the
// browser uses its interpreted parsers instead.
import { z } from "zod";

z.config({ jitless: true });
