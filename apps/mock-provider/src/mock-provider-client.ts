import type { AnswerRecord, Switches } from "./mock-provider-state.js";
import type { ReceivedList } from "./routes/messages.js";

/** The mock provider's switch board and inspection routes, called over HTTP (tests, the bench). */
export interface MockProviderClient {
  /** `PUT /control`: changes the given switches; rejects with the answer on a non-2xx. */
  setSwitches: (switches: Partial<Switches>) => Promise<void>;
  /** `GET /messages`: the counters and one record per idempotency key. */
  received: () => Promise<ReceivedList>;
  /** `GET /requests`: every answer (its time, its request's arrival, Idempotency-Key, status), oldest first. */
  answers: () => Promise<AnswerRecord[]>;
}

/** A client of the mock provider listening at `baseUrl` (`http://host:port`, no trailing slash). */
export function mockProviderClient(baseUrl: string): MockProviderClient {
  const getJson = async <T>(path: string): Promise<T> => {
    const res = await fetch(`${baseUrl}${path}`);
    if (!res.ok) throw new Error(`GET ${path}: ${res.status} ${await res.text()}`);
    return (await res.json()) as T;
  };
  return {
    setSwitches: async (switches) => {
      const res = await fetch(`${baseUrl}/control`, {
        method: "PUT",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(switches),
      });
      if (!res.ok) throw new Error(`PUT /control: ${res.status} ${await res.text()}`);
    },
    received: () => getJson<ReceivedList>("/messages"),
    answers: async () => (await getJson<{ answers: AnswerRecord[] }>("/requests")).answers,
  };
}
