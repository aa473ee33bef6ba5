import Link from "next/link";

export default function NotFound() {
  return (
    <main className="flex min-h-[60vh] flex-col items-center justify-center px-6 text-center">
      <p className="text-sm font-semibold text-slate-500">404</p>
      <h1 className="mt-2 text-2xl font-semibold text-slate-900">Nothing here</h1>
      <p className="mt-2 text-sm text-slate-600">The page or record you asked for does not exist.</p>
      <Link href="/" className="mt-5 text-sm font-medium text-brand-600 hover:underline">
        Back to the overview
      </Link>
    </main>
  );
}
