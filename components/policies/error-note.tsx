"use client";

type TErrorLike = { message: string; data?: { details?: { path?: string; message: string }[] | null } | null } | null;

/** A failed mutation's message and every detail the server named (rule and field). */
export function ErrorDetails({ error }: { error: TErrorLike }) {
  if (!error) return null;
  const details = error.data?.details ?? [];
  return (
    <div role="alert" className="rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-800">
      <p>{error.message}</p>
      {details.length > 1 && (
        <ul className="mt-1 list-disc pl-5 text-xs">
          {details.slice(0, 10).map((d, i) => (
            <li key={i}>
              {d.path ? <code>{d.path}</code> : null} {d.message}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
