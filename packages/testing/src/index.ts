import "./provided-context.js";

export { eventually } from "./eventually.js";
