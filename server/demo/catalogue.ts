import type { TMasterData } from "@/server/master-data/master-data.types";

// A distributor's catalogue: deterministic, so every fresh demo shows the same SKUs.
const FAMILIES: { category: string; prefix: string; items: string[]; variants: string[] }[] = [
  { category: "Fasteners", prefix: "FAS", items: ["Hex bolt", "Carriage bolt", "Wood screw", "Machine screw", "Lock nut", "Flat washer", "Anchor plug", "Rivet"], variants: ["M6×30 zinc", "M8×40 zinc", "M10×50 stainless", "M12×60 galvanised", "#8×1¼ in", "#10×2 in"] },
  { category: "Power tools", prefix: "PWR", items: ["Cordless drill", "Impact driver", "Angle grinder", "Circular saw", "Jigsaw", "Rotary hammer", "Orbital sander"], variants: ["18V bare tool", "18V kit 2×4Ah", "12V compact", "corded 850W"] },
  { category: "Hand tools", prefix: "HND", items: ["Claw hammer", "Adjustable wrench", "Screwdriver set", "Tape measure", "Utility knife", "Pliers", "Socket set", "Hex key set"], variants: ["standard", "pro", "insulated 1000V", "metric", "SAE"] },
  { category: "Safety", prefix: "SAF", items: ["Nitrile gloves", "Safety glasses", "Ear defenders", "Hi-vis vest", "Hard hat", "FFP2 mask", "Steel-toe boot"], variants: ["size S", "size M", "size L", "size XL", "box of 50"] },
  { category: "Electrical", prefix: "ELE", items: ["Cable ties", "Junction box", "LED panel", "Extension reel", "Circuit breaker", "Terminal block", "Conduit"], variants: ["16A", "20A", "25 m", "50 m", "IP65", "pack of 100"] },
  { category: "Plumbing", prefix: "PLB", items: ["PTFE tape", "Compression fitting", "Ball valve", "PEX pipe", "Pipe clamp", "Sink trap"], variants: ["15 mm", "22 mm", "28 mm", "½ in", "¾ in"] },
  { category: "Janitorial", prefix: "JAN", items: ["Paper towel", "Floor cleaner", "Trash bags", "Hand soap", "Microfibre cloth", "Mop head"], variants: ["case of 12", "5 L", "pack of 200", "refill 1 L", "pack of 10"] },
  { category: "Packaging", prefix: "PKG", items: ["Stretch film", "Carton box", "Packing tape", "Bubble wrap", "Pallet strap", "Void fill"], variants: ["500 mm × 300 m", "small", "medium", "large", "48 mm × 66 m", "roll 100 m"] },
];

function upcCheckDigit(eleven: string): string {
  const digits = eleven.split("").map(Number);
  const sum = digits.reduce((acc, d, i) => acc + d * (i % 2 === 0 ? 3 : 1), 0);
  return String((10 - (sum % 10)) % 10);
}

export function demoSkus(count = 2000): NonNullable<TMasterData["skus"]> {
  const skus: NonNullable<TMasterData["skus"]> = [];
  let n = 0;
  outer: for (let round = 0; ; round++) {
    for (const f of FAMILIES) {
      for (const item of f.items) {
        for (const variant of f.variants) {
          if (skus.length >= count) break outer;
          n++;
          const code = `${f.prefix}-${String(10000 + n)}`;
          const eleven = `0${String(40000 + n).padStart(5, "0")}${String(10000 + round * 97 + n).slice(-5)}`;
          skus.push({
            code,
            upc: eleven + upcCheckDigit(eleven),
            name: round === 0 ? `${item} ${variant}` : `${item} ${variant} (series ${round + 1})`,
            category: f.category,
            // Shopify's inventory item ids, so its webhooks resolve through aliases
            aliases: [String(44000000000 + n)],
          });
        }
      }
    }
  }
  return skus;
}

export const DEMO_LOCATIONS: NonNullable<TMasterData["locations"]> = [
  { code: "WH-EAST", kind: "warehouse", name: "East DC (Newark)", authoritativeConnector: "wms", aliases: ["61001"] },
  { code: "WH-WEST", kind: "warehouse", name: "West DC (Reno)", authoritativeConnector: "wms", aliases: ["61002"] },
  { code: "WH-CENTRAL", kind: "warehouse", name: "Central DC (Columbus)", authoritativeConnector: "wms" },
  { code: "STORE-NYC", kind: "store", name: "Flagship store, New York", authoritativeConnector: "erp", aliases: ["61003"] },
  { code: "STORE-CHI", kind: "store", name: "Trade counter, Chicago", authoritativeConnector: "erp" },
  { code: "3PL-DALLAS", kind: "3pl", name: "3PL partner, Dallas", authoritativeConnector: "erp" },
];

export const DEMO_CHANNELS: NonNullable<TMasterData["channels"]> = [
  { code: "shopify", kind: "shopify", name: "Shopify web store", freshnessSloSeconds: 300, priority: 50, eligibleLocations: ["WH-EAST", "WH-WEST", "STORE-NYC"] },
  { code: "amazon", kind: "amazon", name: "Amazon Seller Central", freshnessSloSeconds: 900, priority: 40, eligibleLocations: ["WH-CENTRAL", "3PL-DALLAS"] },
  { code: "b2b", kind: "b2b", name: "B2B portal (ERP)", freshnessSloSeconds: 600, priority: 80, eligibleLocations: ["WH-EAST", "WH-WEST", "WH-CENTRAL"] },
  { code: "edi", kind: "edi", name: "EDI retail partners", freshnessSloSeconds: 3600, priority: 60, eligibleLocations: ["WH-CENTRAL", "WH-EAST"], orderAllocationSloSeconds: 3600 },
  { code: "pos", kind: "pos", name: "Store POS", freshnessSloSeconds: 120, priority: 30, eligibleLocations: ["STORE-NYC", "STORE-CHI"] },
];

/** Where the EDI partner's purchase orders (850s name no location) are fulfilled. */
export const EDI_DEFAULT_LOCATION = "WH-CENTRAL";

export const DEMO_CONNECTORS: NonNullable<TMasterData["connectors"]> = [
  { code: "erp", kind: "erp", name: "NetSuite ERP", heartbeatSeconds: 300 },
  { code: "wms", kind: "wms", name: "Manhattan WMS", heartbeatSeconds: 120 },
  { code: "shopify", kind: "channel", name: "Shopify connector", channel: "shopify", heartbeatSeconds: 600, webhookSecret: "demo-shopify-webhook-secret" },
  { code: "amazon", kind: "channel", name: "Amazon SP-API connector", channel: "amazon", heartbeatSeconds: 1800 },
  { code: "edi", kind: "edi", name: "EDI VAN (846/850/997)", channel: "edi", heartbeatSeconds: 7200, defaultLocation: "WH-CENTRAL", ackSloSeconds: 14_400 },
  { code: "crm", kind: "oms", name: "Salesforce CRM reservations", heartbeatSeconds: 300 },
];

export const DEMO_PASSWORD = "sightline-demo";
export const DEMO_USERS = [
  { email: "ops@example.com", name: "Olivia Ops", role: "ops" },
  { email: "merchandiser@example.com", name: "Marco Merchandiser", role: "merchandiser" },
  { email: "executive@example.com", name: "Erin Executive", role: "executive" },
  { email: "admin@example.com", name: "Adam Admin", role: "admin" },
] as const;
