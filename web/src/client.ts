// The only way the page (and its tests) talk to Precis: clients generated
// from proto/ over gRPC-Web.

import { type Client, createClient } from "@connectrpc/connect";
import { createGrpcWebTransport } from "@connectrpc/connect-web";
import { ArticleService } from "./gen/precis/v1/article_pb.js";
import { SummaryFormat, SummaryService } from "./gen/precis/v1/summary_pb.js";

export * from "./gen/precis/v1/article_pb.js";
export * from "./gen/precis/v1/summary_pb.js";

/** The two services, over one transport. */
export interface Precis {
  articles: Client<typeof ArticleService>;
  summaries: Client<typeof SummaryService>;
}

/** Clients for the server at `baseUrl` (the page's own origin, or a Precis
 * gRPC port that allows the calling site with --cors-origin). */
export function connectPrecis(baseUrl: string): Precis {
  const transport = createGrpcWebTransport({ baseUrl });
  return {
    articles: createClient(ArticleService, transport),
    summaries: createClient(SummaryService, transport),
  };
}

/** What the summary button asks for: three sentences as bullets. */
export const SUMMARY_OPTIONS = {
  length: { case: "sentences", value: 3 },
  format: SummaryFormat.BULLETS,
} as const;
