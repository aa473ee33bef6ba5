import { Badge } from "@/components/ui/badge";

export function ConnectorStatusBadge({ status }: { status: "reporting" | "silent" | "never" }) {
  if (status === "reporting") return <Badge tone="good">reporting</Badge>;
  if (status === "silent") return <Badge tone="bad">silent</Badge>;
  return <Badge>never reported</Badge>;
}
