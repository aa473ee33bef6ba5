// X12 interchanges, parsed with node-x12 (strict: separators from the ISA segment, segment counts
// and control numbers checked where the trailers are there) and then checked as a whole envelope
// here, since node-x12 lets a missing IEA, GE or SE pass: each interchange, group and transaction
// must close, with the right count and control number. Anything wrong is an X12Error.
import { X12Parser, type X12Interchange, type X12Segment } from "node-x12";

export class X12Error extends Error {}

export type TX12Segment = { tag: string; elements: string[] };
export type TX12Transaction = { set: string; control: string; segments: TX12Segment[] };
export type TX12Group = { functionalId: string; control: string; date: string; time: string; transactions: TX12Transaction[] };
/** `control` is ISA13 as the standard writes it: nine digits. */
export type TX12Interchange = { control: string; sender: string; receiver: string; groups: TX12Group[] };

const segmentOf = (s: X12Segment): TX12Segment => ({ tag: s.tag, elements: s.elements.map((e) => e.value) });
const value = (s: X12Segment | undefined, position: number) => s?.valueOf(position)?.trim() ?? "";
const sameNumber = (a: string, b: string) => /^\d+$/.test(a) && /^\d+$/.test(b) && Number(a) === Number(b);

function checkInterchange(ic: X12Interchange, n: number): TX12Interchange {
  const control = value(ic.header, 13).padStart(9, "0");
  const where = `interchange ${n} (ISA13 ${control})`;
  if (!ic.trailer) throw new X12Error(`The ${where} has no IEA trailer: the body is cut short or not one interchange.`);
  if (!sameNumber(value(ic.trailer, 1), String(ic.functionalGroups.length))) {
    throw new X12Error(`IEA01 of ${where} says ${value(ic.trailer, 1)} functional groups; it holds ${ic.functionalGroups.length}.`);
  }
  if (!sameNumber(value(ic.trailer, 2), control)) throw new X12Error(`IEA02 (${value(ic.trailer, 2)}) of ${where} does not match ISA13.`);
  const groups = ic.functionalGroups.map((g, gi): TX12Group => {
    const gs06 = value(g.header, 6);
    const gwhere = `group ${gi + 1} (GS06 ${gs06}) of ${where}`;
    if (!g.trailer) throw new X12Error(`The ${gwhere} has no GE trailer.`);
    if (!sameNumber(value(g.trailer, 1), String(g.transactions.length))) throw new X12Error(`GE01 of ${gwhere} says ${value(g.trailer, 1)} transaction sets; it holds ${g.transactions.length}.`);
    if (value(g.trailer, 2) !== gs06) throw new X12Error(`GE02 (${value(g.trailer, 2)}) of ${gwhere} does not match GS06.`);
    const transactions = g.transactions.map((t): TX12Transaction => {
      const st02 = value(t.header, 2);
      const twhere = `transaction set ${value(t.header, 1)} ${st02} in ${gwhere}`;
      if (!t.trailer) throw new X12Error(`The ${twhere} has no SE trailer.`);
      // SE01 counts every segment from ST to SE, both included.
      if (!sameNumber(value(t.trailer, 1), String(t.segments.length + 2))) throw new X12Error(`SE01 of ${twhere} says ${value(t.trailer, 1)} segments; it holds ${t.segments.length + 2}.`);
      if (value(t.trailer, 2) !== st02) throw new X12Error(`SE02 (${value(t.trailer, 2)}) of ${twhere} does not match ST02.`);
      return { set: value(t.header, 1), control: st02, segments: t.segments.map(segmentOf) };
    });
    return { functionalId: value(g.header, 1), control: gs06, date: value(g.header, 4), time: value(g.header, 5), transactions };
  });
  return { control, sender: value(ic.header, 6), receiver: value(ic.header, 8), groups };
}

/** One or more interchanges (ISA…IEA) into groups and transactions, or an X12Error saying what is wrong. */
export function parseX12(body: string): TX12Interchange[] {
  const edi = body.replace(/^\uFEFF/, "").trimStart();
  if (edi.length === 0) throw new X12Error("The body is empty: send one or more X12 interchanges (ISA … IEA).");
  if (!edi.startsWith("ISA")) throw new X12Error(`An X12 interchange starts with an ISA segment; this body starts with ${JSON.stringify(edi.slice(0, 20))}.`);
  let parsed: X12Interchange | X12Interchange[];
  const parser = new X12Parser(true);
  try {
    parsed = parser.parse(edi) as X12Interchange | X12Interchange[];
  } catch (e) {
    throw new X12Error(`The X12 could not be parsed: ${(e as Error).message}`);
  }
  const interchanges = Array.isArray(parsed) ? [...parsed] : [parsed];
  // Of several interchanges, node-x12 keeps one only once its IEA arrives: a last one without IEA
  // would vanish. The parser's current interchange is that last one.
  const last = (parser as unknown as { _interchange?: X12Interchange })._interchange;
  if (last && !interchanges.includes(last)) interchanges.push(last);
  if (interchanges.length === 0 || !interchanges[0]!.header) throw new X12Error("No ISA segment could be read.");
  return interchanges.map((ic, i) => checkInterchange(ic, i + 1));
}
