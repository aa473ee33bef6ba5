import { bufferSuggestions } from "@/server/advisor/suggestions";
import { ZSuggestionsQuery } from "@/server/advisor/advisor.types";
import { jsonResponse, parseQuery, restHandler } from "@/server/http/rest";

export const GET = restHandler({ auth: "user" }, async ({ request }) => jsonResponse(await bufferSuggestions(parseQuery(request, ZSuggestionsQuery))));
