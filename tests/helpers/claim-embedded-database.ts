// Run as a separate process by tests: at the wall-clock time given (epoch
// milliseconds), tries to own the embedded database in the directory given,
// so that several of these race for it. Prints `OWNER <url>` and serves
// until SIGTERM, or `REFUSED <message>` and exits 0.
import { startEmbeddedDatabase } from "../../lib/db/embedded";

const [dataDir, at] = process.argv.slice(2);
await new Promise((resolve) => setTimeout(resolve, Math.max(0, Number(at) - Date.now())));
try {
  const database = await startEmbeddedDatabase({ dataDir });
  // Listening before saying so: a SIGTERM sent at once must find the handler.
  process.once("SIGTERM", () => void database.close().then(() => process.exit(0)));
  console.log(`OWNER ${database.url}`);
} catch (error) {
  console.log(`REFUSED ${(error as Error).message}`);
}
