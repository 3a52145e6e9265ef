// `pnpm api-key <name>`: prints a new random API key and the API_KEYS entry that accepts it.
// Only the entry (a SHA-256 of the key) goes into the API's environment; give the key to the client.
import { generateApiKey } from "../src/auth/api-keys.js";

const name = process.argv[2] ?? "";
const role = process.argv[3] ?? "admin";
if (!/^[A-Za-z0-9_.-]{1,64}$/.test(name) || (role !== "admin" && role !== "read")) {
  process.stderr.write(
    "usage: pnpm api-key <name> [admin|read]   (name: letters, digits, _ . -, at most 64; role default admin)\n",
  );
  process.exit(2);
}
const { key, entry } = generateApiKey(name, role);
process.stdout.write(`key (give to the client):   ${key}\nAPI_KEYS entry (give to the API): ${entry}\n`);
