import * as Dialog from '@radix-ui/react-dialog';
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { UserPlus } from 'lucide-react';
import { api, ApiError } from '../api';
import { GRANTS, type Account, type Grant, type Role } from '../types';
import { ErrorBanner } from './ui';

export interface Added {
  account: Account;
  /** A password was typed but the email already had a login, so the login kept its own. */
  passwordUnused: boolean;
}

interface Props {
  role: Role;
  /** The grants the caller may give (a sub-administrator gives only those it holds). */
  givable: readonly Grant[];
  onAdded(added: Added): void;
}

type Field = 'name' | 'email' | 'password' | 'grants';

/**
 * Which field a refusal is about, so it can be marked and focused. The message itself is always
 * the server's: it decides what is valid (password length, an email already taken, a login that
 * exists so no password is needed).
 */
function fieldOf(err: unknown): Field | null {
  if (!(err instanceof ApiError)) return null;
  if (err.code === 'email_taken' || err.code === 'primary_admin_protected') return 'email';
  if (err.code === 'forbidden' && /grant/i.test(err.message) && /hold/i.test(err.message)) return 'grants';
  const named = /"(name|email|password|grants)[^"]*"/.exec(err.message)?.[1] ?? (/\bpassword\b/i.test(err.message) ? 'password' : null);
  return (named as Field | null) ?? null;
}

/**
 * The "Add agent" / "Add administrator" button and its dialog: name, email, password, and for an
 * administrator the grants. The button is the dialog's trigger, so closing returns focus to it.
 */
export function AddAccountDialog({ role, givable, onAdded }: Props) {
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  const kind = role === 'admin' ? 'administrator' : 'agent';
  return (
    <Dialog.Root open={open} onOpenChange={(next) => !busy && setOpen(next)}>
      <Dialog.Trigger asChild>
        <button type="button" className="btn btn-primary" data-testid="add-account">
          <UserPlus size={15} aria-hidden /> Add {kind}
        </button>
      </Dialog.Trigger>
      <Dialog.Portal>
        <Dialog.Overlay className="dialog-overlay" />
        <Dialog.Content className="dialog" data-testid="add-account-dialog">
          <Dialog.Title className="dialog-title">Add {kind}</Dialog.Title>
          {/* The form lives inside the content, so every opening starts from an empty form. */}
          <AddAccountForm
            role={role}
            givable={givable}
            busy={busy}
            setBusy={setBusy}
            onAdded={(added) => {
              setOpen(false);
              onAdded(added);
            }}
          />
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  );
}

function AddAccountForm({
  role,
  givable,
  busy,
  setBusy,
  onAdded,
}: {
  role: Role;
  givable: readonly Grant[];
  busy: boolean;
  setBusy(busy: boolean): void;
  onAdded(added: Added): void;
}) {
  const [name, setName] = useState('');
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [grants, setGrants] = useState<Grant[]>([]);
  const [error, setError] = useState<unknown>(null);
  const nameRef = useRef<HTMLInputElement>(null);
  const emailRef = useRef<HTMLInputElement>(null);
  const passwordRef = useRef<HTMLInputElement>(null);
  const grantsRef = useRef<HTMLInputElement>(null);
  const invalid = fieldOf(error);
  const kind = role === 'admin' ? 'administrator' : 'agent';
  const other = role === 'admin' ? 'agent' : 'administrator';
  const shown = GRANTS.filter((g) => givable.includes(g.grant));

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const { account } = await api.createAccount(role, {
        name,
        email,
        // An empty field sends nothing: for an email that already has a login none is needed.
        ...(password ? { password } : {}),
        ...(role === 'admin' ? { grants } : {}),
      });
      onAdded({ account, passwordUnused: Boolean(password) && account.linkedAccount !== null });
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  // Once the form is enabled again, focus the field the refusal is about.
  useEffect(() => {
    if (busy || !invalid) return;
    const refs = { name: nameRef, email: emailRef, password: passwordRef, grants: grantsRef };
    refs[invalid].current?.focus();
  }, [busy, invalid]);

  const describedBy = (field: Field, help?: string) => [help, invalid === field ? 'add-account-error' : undefined].filter(Boolean).join(' ') || undefined;

  return (
    <form noValidate onSubmit={(e) => void submit(e)}>
      <Dialog.Description className="dialog-body">
        {role === 'admin'
          ? 'They sign in to this console with this email and password, and open the sections their grants allow.'
          : 'They sign in to the agent workspace with this email and password.'}
      </Dialog.Description>
      <div id="add-account-error">
        <ErrorBanner error={error} />
      </div>
      <fieldset className="fieldset-plain" disabled={busy}>
        <label className="field">
          <span className="field-label">Name</span>
          <input
            ref={nameRef}
            type="text"
            name="name"
            autoComplete="off"
            required
            value={name}
            onChange={(e) => setName(e.target.value)}
            aria-invalid={invalid === 'name' || undefined}
            aria-describedby={describedBy('name')}
          />
        </label>
        <label className="field">
          <span className="field-label">Email</span>
          <input
            ref={emailRef}
            type="email"
            name="email"
            autoComplete="off"
            required
            value={email}
            onChange={(e) => setEmail(e.target.value)}
            aria-invalid={invalid === 'email' || undefined}
            aria-describedby={describedBy('email')}
          />
        </label>
        {/* The help sits beside the label, not inside it: the field's name stays "Password". */}
        <div className="field">
          <label className="field-label" htmlFor="add-account-password">
            Password
          </label>
          <input
            id="add-account-password"
            ref={passwordRef}
            type="password"
            name="password"
            autoComplete="new-password"
            value={password}
            onChange={(e) => setPassword(e.target.value)}
            aria-invalid={invalid === 'password' || undefined}
            aria-describedby={describedBy('password', 'add-account-password-help')}
          />
          <span id="add-account-password-help" className="field-help">
            At least 10 characters. Leave it empty if this email already signs in to this workspace (say, as an {other}): the new {kind} account then joins that login as a
            linked account and keeps its password.
          </span>
        </div>
        {role === 'admin' ? (
          <fieldset className="fieldset-plain field" aria-describedby={describedBy('grants', 'add-account-grants-help')}>
            <legend className="field-label legend">Grants</legend>
            <span id="add-account-grants-help" className="field-help">
              The console sections this sub-administrator may open and act in.
              {shown.length < GRANTS.length ? ' You can give only grants you hold yourself.' : ''}
            </span>
            <div className="grants">
              {shown.map((g, i) => (
                <label key={g.grant} className="grant">
                  <input
                    ref={i === 0 ? grantsRef : undefined}
                    type="checkbox"
                    checked={grants.includes(g.grant)}
                    onChange={(e) => setGrants((all) => (e.target.checked ? [...all, g.grant] : all.filter((x) => x !== g.grant)))}
                  />
                  <span>{g.label}</span>
                </label>
              ))}
            </div>
          </fieldset>
        ) : null}
      </fieldset>
      <div className="dialog-actions">
        <Dialog.Close asChild>
          <button type="button" className="btn" disabled={busy}>
            Cancel
          </button>
        </Dialog.Close>
        <button type="submit" className="btn btn-primary" disabled={busy}>
          {busy ? 'Adding…' : `Add ${kind}`}
        </button>
      </div>
    </form>
  );
}
