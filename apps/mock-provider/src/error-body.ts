/** The JSON body of every non-2xx answer: a human-readable reason that names the offending field. */
export interface ErrorBody {
  error: string;
}

export const errorBodySchema = {
  type: "object",
  required: ["error"],
  properties: { error: { type: "string" } },
} as const;
