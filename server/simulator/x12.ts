// What the demo's EDI partner exchange looks like on the wire: X12 interchanges as a VAN carries
// them (the distributor's 846 inventory advice, the partner's 850 purchase orders and 997
// acknowledgements), written here so the simulator sends real X12 through POST /api/v1/edi/x12.
export const DISTRIBUTOR = "ACMEDIST";
export const PARTNER = "BIGBOXRETAIL";

const pad = (s: string, n: number) => s.padEnd(n, " ").slice(0, n);
const ymd = (d: Date) => d.toISOString().slice(0, 10).replaceAll("-", "");
const hm = (d: Date) => d.toISOString().slice(11, 16).replace(":", "");

export type TX12Set = { set: string; segments: string[] };

/** One interchange with one functional group; `control` is both ISA13 and GS06 (zero-padded in ISA13). */
export function interchange(opts: { from: string; to: string; functionalId: string; control: number; at: Date; sets: TX12Set[] }): string {
  const isa13 = String(opts.control % 1_000_000_000).padStart(9, "0");
  const gs06 = String(opts.control % 1_000_000_000);
  const segments = [
    `ISA*00*${pad("", 10)}*00*${pad("", 10)}*ZZ*${pad(opts.from, 15)}*ZZ*${pad(opts.to, 15)}*${ymd(opts.at).slice(2)}*${hm(opts.at)}*U*00401*${isa13}*0*P*>`,
    `GS*${opts.functionalId}*${opts.from}*${opts.to}*${ymd(opts.at)}*${hm(opts.at)}*${gs06}*X*004010`,
  ];
  opts.sets.forEach((s, i) => {
    const st02 = String(i + 1).padStart(4, "0");
    // (a loop, not a spread: an 846 of 40,000 items has 120,000 segments)
    segments.push(`ST*${s.set}*${st02}`);
    for (const seg of s.segments) segments.push(seg);
    segments.push(`SE*${s.segments.length + 2}*${st02}`);
  });
  segments.push(`GE*${opts.sets.length}*${gs06}`, `IEA*1*${isa13}`);
  return segments.join("~\n") + "~\n";
}

export type TX12Item = { code: string; upc?: string; quantity: number };

/** 846: each item by UPC and vendor number (or vendor number alone), with its quantity available. */
export function inventoryAdvice(at: Date, ref: string, items: TX12Item[]): TX12Set {
  const lines = items.flatMap((it, i) => [it.upc ? `LIN*${i + 1}*UP*${it.upc}*VN*${it.code}` : `LIN*${i + 1}*VN*${it.code}`, `QTY*33*${Math.max(0, it.quantity)}*EA`]);
  return { set: "846", segments: [`BIA*00*MM*${ref}*${ymd(at)}*${hm(at)}`, `N1*SU*ACME DISTRIBUTION*92*ACME01`, ...lines, `CTT*${items.length}`] };
}

/** 850: one purchase order, its lines, and a ship-no-later-than date. */
export function purchaseOrder(at: Date, po: string, shipBy: Date, lines: TX12Item[]): TX12Set {
  const po1 = lines.map((l, i) => (l.upc ? `PO1*${i + 1}*${l.quantity}*EA*12.50*PE*UP*${l.upc}*VN*${l.code}` : `PO1*${i + 1}*${l.quantity}*EA*12.50*PE*VN*${l.code}`));
  return { set: "850", segments: [`BEG*00*SA*${po}**${ymd(at)}`, `DTM*038*${ymd(shipBy)}`, `N1*ST*BIGBOX DC 12*92*DC12`, ...po1, `CTT*${lines.length}`] };
}

/** 997 for one group: accepted, or rejected with the segment in error. */
export function acknowledgement(group: string, set: string, isAccepted: boolean): TX12Set {
  const segments = [`AK1*IB*${group}`, `AK2*${set}*0001`];
  if (isAccepted) segments.push("AK5*A", "AK9*A*1*1*1");
  else segments.push("AK3*LIN*4**8", "AK4*3*234*7", "AK5*R*5", "AK9*R*1*1*0");
  return { set: "997", segments };
}
