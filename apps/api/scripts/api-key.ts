// `pnpm api-key <name>`: prints a new random API key and the API_KEYS entry that accepts it.
// Only the entry (a SHA-256 of the key) goes into the API's environment; give the key to the client.
import { generateApiKey } from "../src/auth/api-keys.js";

const name = process.argv[2] ?? "";
if (!/^[A-Za-z0-9_.-]{1,64}$/.test(name)) {
  process.stderr.write("usage: pnpm api-key <name>   (name: letters, digits, _ . -, at most 64)\n");
  process.exit(2);
}
const { key, entry } = generateApiKey(name);
process.stdout.write(`key (give to the client):   ${key}\nAPI_KEYS entry (give to the API): ${entry}\n`);
