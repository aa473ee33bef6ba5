"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTRPC } from "@/components/providers/trpc";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { Dialog } from "@/components/ui/dialog";
import { ErrorNote, LoadingRows } from "@/components/ui/empty-state";
import { Field, Input, Select } from "@/components/ui/field";
import { formatDateTime } from "@/components/ui/format";
import { Table, Td, Th } from "@/components/ui/table";
import { ROLE_LABEL, ROLES, type TRole } from "@/server/auth/roles";
import { MutationError } from "@/components/ui/mutation-error";

function NewUserDialog({ onClose }: { onClose: () => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [email, setEmail] = useState("");
  const [name, setName] = useState("");
  const [role, setRole] = useState<TRole>("ops");
  const [password, setPassword] = useState("");
  const create = useMutation(
    trpc.settings.createUser.mutationOptions({
      onSuccess: async () => {
        await queryClient.invalidateQueries({ queryKey: trpc.settings.users.queryKey() });
        onClose();
      },
    }),
  );
  return (
    <Dialog
      open
      onClose={onClose}
      title="Add a user"
      footer={
        <>
          <Button onClick={onClose}>Cancel</Button>
          <Button variant="primary" disabled={create.isPending} onClick={() => create.mutate({ email, name, role, password })}>
            Create user
          </Button>
        </>
      }
    >
      <div className="space-y-3">
        <Field label="Email" htmlFor="u-email">
          <Input id="u-email" type="email" value={email} onChange={(e) => setEmail(e.target.value)} />
        </Field>
        <Field label="Name" htmlFor="u-name">
          <Input id="u-name" value={name} onChange={(e) => setName(e.target.value)} />
        </Field>
        <Field label="Role" htmlFor="u-role">
          <Select id="u-role" value={role} onChange={(e) => setRole(e.target.value as TRole)}>
            {ROLES.map((r) => (
              <option key={r} value={r}>
                {ROLE_LABEL[r]}
              </option>
            ))}
          </Select>
        </Field>
        <Field label="Initial password" htmlFor="u-password" hint="At least 8 characters; share it privately.">
          <Input id="u-password" type="password" autoComplete="new-password" value={password} onChange={(e) => setPassword(e.target.value)} />
        </Field>
        <MutationError error={create.error} />
      </div>
    </Dialog>
  );
}

export function UsersPanel() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const users = useQuery(trpc.settings.users.queryOptions());
  const [isAdding, setAdding] = useState(false);
  const setRole = useMutation(
    trpc.settings.setUserRole.mutationOptions({ onSuccess: () => queryClient.invalidateQueries({ queryKey: trpc.settings.users.queryKey() }) }),
  );
  return (
    <Card title="Users" actions={<Button variant="primary" onClick={() => setAdding(true)}>Add user</Button>}>
      <ErrorNote error={users.error ?? setRole.error} />
      {users.isPending ? (
        <LoadingRows />
      ) : (
        <Table>
          <thead>
            <tr>
              <Th>Email</Th>
              <Th>Name</Th>
              <Th>Role</Th>
              <Th>Created</Th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {users.data?.map((u) => (
              <tr key={u.id}>
                <Td className="font-mono text-xs">{u.email}</Td>
                <Td>{u.name}</Td>
                <Td>
                  <Select aria-label={`Role of ${u.email}`} className="w-48" value={u.role} onChange={(e) => setRole.mutate({ userId: u.id, role: e.target.value as TRole })}>
                    {ROLES.map((r) => (
                      <option key={r} value={r}>
                        {ROLE_LABEL[r]}
                      </option>
                    ))}
                  </Select>
                </Td>
                <Td>{formatDateTime(u.createdAt)}</Td>
              </tr>
            ))}
          </tbody>
        </Table>
      )}
      {isAdding && <NewUserDialog onClose={() => setAdding(false)} />}
    </Card>
  );
}
