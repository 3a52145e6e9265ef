export { buildMockProvider, type MockProviderOptions } from "./build-mock-provider.js";
export { type MockProviderClient, mockProviderClient } from "./mock-provider-client.js";
export {
  type AnswerRecord,
  type Counters,
  DEFAULT_SWITCHES,
  type ReceivedRecord,
  type Switches,
} from "./mock-provider-state.js";
export type { AcceptedBody, MessageBody, ReceivedList } from "./routes/messages.js";
export type { ErrorBody } from "./schemas.js";
