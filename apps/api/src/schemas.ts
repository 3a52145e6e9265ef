import { Type } from "@fastify/type-provider-typebox";

/** The error answer every route may give (see error-handler.ts). */
export const ErrorSchema = Type.Object(
  {
    statusCode: Type.Integer(),
    error: Type.String(),
    message: Type.String(),
    field: Type.Optional(Type.String()),
  },
  {
    $id: "Error",
    examples: [
      { statusCode: 400, error: "Bad Request", message: "querystring/limit must be <= 200", field: "limit" },
    ],
  },
);
