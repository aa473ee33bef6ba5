import { z } from "zod";
import type { TEndpoint } from "@/server/openapi/registry";
import { X12_CONTENT_TYPE, ZX12Result } from "./x12.types";

export const ediEndpoints: TEndpoint[] = [
  {
    method: "post",
    path: "/api/v1/edi/x12",
    summary: "Send X12 EDI interchanges (846, 850, 997)",
    description:
      "One or more interchanges (ISA … IEA), at most 5 MB, Content-Type application/edi-x12; separators are read from the ISA segment. 846 (a copy of the inventory advice sent to the partner): each LIN item (UP = UPC; VN, VP, BP, SK, IN = SKU code or alias) with QTY*33 → channel.quantity.published for the connector's channel at the BIA date and time, and the transaction → message.sent (messageRef = GS06, documentType 846). 850: each PO1 → order.created (orderRef = BEG03, quantity PO102, the connector's channel and defaultLocation). 997: each AK1 → message.acknowledged for AK102 (AK9 A accepted, E accepted_with_errors, R/P rejected). Event ids are {ISA13}-{ST02}-{n}, so a re-sent interchange is all duplicates; each transaction set is ingested like a JSON batch, in one transaction. Other sets are reported `ignored`. X12 dates and times are UTC. Broken X12 (a missing IEA, GE or SE, a wrong count or control number) is kept whole as a dead letter and answered 400 invalid_body.",
    auth: "connector",
    body: z.string().describe("X12 interchanges"),
    bodyContentTypes: [X12_CONTENT_TYPE],
    response: ZX12Result,
    statuses: { "413": "More than 5 MB", "415": "Content-Type is not application/edi-x12" },
  },
];
