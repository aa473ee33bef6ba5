import type { TEndpoint } from "@/server/openapi/registry";
import { ZMasterData, ZMasterDataResult } from "./master-data.types";

export const masterDataEndpoints: TEndpoint[] = [
  {
    method: "put",
    path: "/api/v1/master-data",
    summary: "Upsert SKUs, locations, channels and connectors by code",
    description:
      "References inside one body resolve whatever their order; lists omitted are left as they are. Keys of connectors created by this call are returned once in connectorKeys. At most 5 MB.",
    auth: "user",
    roles: ["admin"],
    body: ZMasterData,
    response: ZMasterDataResult,
  },
];
