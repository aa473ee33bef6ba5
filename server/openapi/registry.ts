import { z } from "zod";

export type TEndpoint = {
  method: "get" | "post" | "put" | "patch" | "delete";
  path: string;
  summary: string;
  description?: string;
  /** who may call it */
  auth: "public" | "user" | "connector" | "connector_or_user" | "hmac";
  roles?: readonly string[];
  query?: z.ZodType;
  /** the path's {parameters}; any not named here are documented as strings */
  params?: z.ZodObject;
  body?: z.ZodType;
  bodyContentTypes?: string[];
  response?: z.ZodType;
  /** extra statuses this endpoint answers, besides the error shape ones */
  statuses?: Record<string, string>;
};

export const ZErrorBody = z.object({
  error: z.object({
    code: z.string().describe("snake_case machine-readable code"),
    message: z.string().describe("what went wrong and how to fix it"),
    details: z.array(z.object({ path: z.string().optional(), field: z.string().optional(), message: z.string() })).optional(),
  }),
});
