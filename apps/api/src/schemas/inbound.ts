import { Type } from "@fastify/type-provider-typebox";
import { INBOUND_TEXT_MAX_LENGTH } from "../inbound/inbound-rules.js";

// Inbound messages (recipients' replies), as the generic endpoint takes them.

/** `POST /provider/inbound`: one message a recipient sent. Other fields a provider adds are ignored. */
export const InboundBodySchema = Type.Object(
  {
    from: Type.String({ maxLength: 32, description: "The sender, E.164" }),
    to: Type.Optional(Type.String({ maxLength: 32, description: "The number it was sent to" })),
    text: Type.String({
      maxLength: INBOUND_TEXT_MAX_LENGTH,
      description: "The message's text as sent; only a whole text that is a keyword acts",
    }),
    messageId: Type.Optional(
      Type.String({ minLength: 1, maxLength: 255, description: "The provider's id of the message" }),
    ),
    at: Type.Optional(
      Type.String({ maxLength: 64, description: "RFC 3339: when it was received, by the provider's clock" }),
    ),
  },
  {
    examples: [
      {
        from: "+905551111111",
        to: "+905559999999",
        text: "STOP",
        messageId: "in-7c1d",
        at: "2026-11-22T10:00:04Z",
      },
    ],
  },
);

/** What an inbound message did. */
export const InboundAnswerSchema = Type.Object(
  {
    outcome: Type.Union(
      [Type.Literal("stop"), Type.Literal("start"), Type.Literal("help"), Type.Literal("ignored")],
      {
        description:
          "stop: the sender is on the suppression list (an operator's entry stays as it was); start: a keyword's " +
          "or provider's entry for the sender is taken off (never an operator's); help: recorded in the audit " +
          "trail; ignored: the whole text is no keyword",
      },
    ),
  },
  { examples: [{ outcome: "stop" }] },
);
