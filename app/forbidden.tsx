import Link from "next/link";

export default function Forbidden() {
  return (
    <main className="flex min-h-[60vh] flex-col items-center justify-center px-6 text-center">
      <p className="text-sm font-semibold text-red-700">403 · Not allowed</p>
      <h1 className="mt-2 text-2xl font-semibold text-slate-900">Your role cannot open this page</h1>
      <p className="mt-2 max-w-md text-sm text-slate-600">
        Ask an administrator if you need access. Everything your role can use is in the navigation.
      </p>
      <Link href="/" className="mt-5 rounded-md bg-brand-600 px-3.5 py-2 text-sm font-medium text-white hover:bg-brand-700">
        Back to the overview
      </Link>
    </main>
  );
}
