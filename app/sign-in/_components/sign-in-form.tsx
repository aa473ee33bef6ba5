"use client";
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { authClient } from "@/components/providers/auth-client";
import { Button } from "@/components/ui/button";
import { Field, Input } from "@/components/ui/field";

type TDemoUser = { email: string; name: string; role: string; roleLabel: string };

export function SignInForm({ demoUsers, demoPassword }: { demoUsers: TDemoUser[]; demoPassword?: string }) {
  const router = useRouter();
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [isPending, setPending] = useState(false);

  async function onSubmit(e: FormEvent) {
    e.preventDefault();
    setError(null);
    setPending(true);
    const result = await authClient.signIn.email({ email, password });
    setPending(false);
    if (result.error) {
      setError(result.error.status === 401 ? "That email and password do not match an account." : (result.error.message ?? "Sign-in failed; try again."));
      return;
    }
    router.replace("/");
    router.refresh();
  }

  return (
    <div className="space-y-5">
      <form onSubmit={onSubmit} className="space-y-4" aria-label="Sign in">
        <Field label="Email" htmlFor="email">
          <Input id="email" name="email" type="email" autoComplete="username" required value={email} onChange={(e) => setEmail(e.target.value)} autoFocus />
        </Field>
        <Field label="Password" htmlFor="password">
          <Input id="password" name="password" type="password" autoComplete="current-password" required value={password} onChange={(e) => setPassword(e.target.value)} />
        </Field>
        {error && (
          <p role="alert" className="text-sm text-red-700">
            {error}
          </p>
        )}
        <Button type="submit" variant="primary" className="w-full" disabled={isPending}>
          {isPending ? "Signing in…" : "Sign in"}
        </Button>
      </form>
      {demoUsers.length > 0 && (
        <div className="border-t border-slate-100 pt-4">
          <p className="text-xs font-medium uppercase tracking-wide text-slate-500">Demo users</p>
          <p className="mt-1 text-xs text-slate-500">
            Password for all: <code className="rounded bg-slate-100 px-1 py-0.5 font-mono text-slate-800">{demoPassword}</code>
          </p>
          <ul className="mt-2 divide-y divide-slate-100 rounded-md border border-slate-200">
            {demoUsers.map((u) => (
              <li key={u.email}>
                <button
                  type="button"
                  className="flex w-full items-center justify-between px-3 py-2 text-left text-sm hover:bg-slate-50"
                  onClick={() => {
                    setEmail(u.email);
                    setPassword(demoPassword ?? "");
                  }}
                >
                  <span className="font-mono text-slate-800">{u.email}</span>
                  <span className="text-xs text-slate-500">{u.roleLabel}</span>
                </button>
              </li>
            ))}
          </ul>
        </div>
      )}
    </div>
  );
}
