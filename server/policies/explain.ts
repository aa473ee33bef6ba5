import { db } from "@/server/db";
import { AppError } from "@/server/lib/errors";
import { loadSkuStock, loadWorld } from "@/server/targets/inputs";
import { explainTarget } from "./compute-targets";
import { currentPolicy } from "./current";
import { CompiledPolicy } from "./precedence";
import { getDraft } from "./versions";

/**
 * The chain pool → holdbacks → allocation → safety buffer → sell limit → fallback → target for one
 * SKU × channel, under the current version or a draft, with the rule used at each step.
 */
export async function explainSkuChannel(input: { sku: string; channel: string; draftId?: string }) {
  const sku = await db.sku.findUnique({ where: { code: input.sku }, select: { id: true, code: true } });
  if (!sku) throw new AppError("not_found", `No SKU ${input.sku}.`);
  const [world, rows, source] = await Promise.all([
    loadWorld(db),
    loadSkuStock(db, [sku.id]),
    input.draftId
      ? getDraft(input.draftId).then((d) => ({ kind: "draft" as const, id: d.id, version: d.basedOn, rules: d.rules }))
      : currentPolicy(db).then((c) => ({ kind: "version" as const, id: null, version: c.version, rules: c.rules })),
  ]);
  const row = rows[0]!;
  const channel = world.channels.find((c) => c.code === input.channel);
  if (!channel) throw new AppError("not_found", `No channel ${input.channel}.`);
  const atp = new Map<string, number>();
  row.locs.forEach((id, i) => {
    const code = world.locationCode.get(id);
    if (code) atp.set(code, row.atps[i]!);
  });
  const trace = explainTarget(new CompiledPolicy(source.rules), world.ctx, { sku: sku.code, atp }, channel.code)!;
  const at = row.chans.indexOf(channel.id);
  return {
    trace,
    storedTarget: at >= 0 ? row.targets[at]! : null,
    source,
    channel: { code: channel.code, freshnessSloSeconds: channel.freshnessSloSeconds, lastExposureAt: channel.lastExposureAt },
  };
}
