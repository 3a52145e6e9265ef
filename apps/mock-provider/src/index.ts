export { buildMockProvider, type MockProviderOptions } from "./build-mock-provider.js";
export type { ErrorBody } from "./error-body.js";
export {
  type AnswerRecord,
  type Counters,
  DEFAULT_SWITCHES,
  type ReceivedRecord,
  type Switches,
} from "./mock-provider-state.js";
export type { AcceptedBody, MessageBody, ReceivedList } from "./routes/messages.js";
