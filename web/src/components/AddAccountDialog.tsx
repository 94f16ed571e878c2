import * as Dialog from '@radix-ui/react-dialog';
import { useEffect, useRef, useState } from 'react';
import { UserPlus } from 'lucide-react';
import { useTranslation } from 'react-i18next';
import { api, ApiError } from '../api';
import { GRANTS, type Account, type Grant, type Role } from '../types';
import { useSubmit } from '../useSubmit';
import { DialogCancel } from './DialogCancel';
import { Field } from './Field';
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

type FieldName = 'name' | 'email' | 'password' | 'grants';

const ERROR_ID = 'add-account-error';

/**
 * Which field a refusal is about, so it can be marked and focused. The message itself is always
 * the server's: it decides what is valid (password length, an email already taken, a login that
 * exists so no password is needed).
 */
function fieldOf(err: unknown): FieldName | null {
  if (!(err instanceof ApiError)) return null;
  if (err.code === 'email_taken' || err.code === 'primary_admin_protected') return 'email';
  if (err.code === 'forbidden' && /grant/i.test(err.message) && /hold/i.test(err.message)) return 'grants';
  // A schema refusal names its field, and so does the server's own check that a new login needs a password.
  const field = err.field;
  return field === 'name' || field === 'email' || field === 'password' || field === 'grants' ? field : null;
}

/**
 * The "Add agent" / "Add administrator" button and its dialog: name, email, password, and for an
 * administrator the grants. The button is the dialog's trigger, so closing returns focus to it.
 */
export function AddAccountDialog({ role, givable, onAdded }: Props) {
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  const { t } = useTranslation('team');
  const add = t(role === 'admin' ? 'add.admin' : 'add.agent');
  return (
    <Dialog.Root open={open} onOpenChange={(next) => !busy && setOpen(next)}>
      <Dialog.Trigger asChild>
        <button type="button" className="btn btn-primary" data-testid="add-account">
          <UserPlus size={15} aria-hidden /> {add}
        </button>
      </Dialog.Trigger>
      <Dialog.Portal>
        <Dialog.Overlay className="dialog-overlay" />
        <Dialog.Content className="dialog" data-testid="add-account-dialog">
          <Dialog.Title className="dialog-title">{add}</Dialog.Title>
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
  const { error, onSubmit } = useSubmit({ busy, setBusy });
  const nameRef = useRef<HTMLInputElement>(null);
  const emailRef = useRef<HTMLInputElement>(null);
  const passwordRef = useRef<HTMLInputElement>(null);
  const grantsRef = useRef<HTMLInputElement>(null);
  const invalid = fieldOf(error);
  const { t } = useTranslation(['team', 'common']);
  const admin = role === 'admin';
  const shown = GRANTS.filter((g) => givable.includes(g.grant));

  const submit = async () => {
    const { account } = await api.createAccount(role, {
      name,
      email,
      // An empty field sends nothing: for an email that already has a login none is needed.
      ...(password ? { password } : {}),
      ...(role === 'admin' ? { grants } : {}),
    });
    onAdded({ account, passwordUnused: Boolean(password) && account.linkedAccount !== null });
  };
  // Once the form is enabled again, focus the field the refusal is about.
  useEffect(() => {
    if (busy || !invalid) return;
    const refs = { name: nameRef, email: emailRef, password: passwordRef, grants: grantsRef };
    refs[invalid].current?.focus();
  }, [busy, invalid]);

  const describedBy = (field: FieldName, help?: string) => [help, invalid === field ? ERROR_ID : undefined].filter(Boolean).join(' ') || undefined;

  return (
    <form noValidate onSubmit={onSubmit(submit)}>
      <Dialog.Description className="dialog-body">{t(admin ? 'add.descriptionAdmin' : 'add.descriptionAgent')}</Dialog.Description>
      <div id={ERROR_ID}>
        <ErrorBanner error={error} />
      </div>
      <fieldset className="fieldset-plain" disabled={busy}>
        <Field
          label={t('add.name')}
          ref={nameRef}
          type="text"
          name="name"
          autoComplete="off"
          required
          value={name}
          onChange={(e) => setName(e.target.value)}
          invalid={invalid === 'name'}
          errorId={ERROR_ID}
        />
        <Field
          label={t('add.email')}
          ref={emailRef}
          type="email"
          name="email"
          autoComplete="off"
          required
          value={email}
          onChange={(e) => setEmail(e.target.value)}
          invalid={invalid === 'email'}
          errorId={ERROR_ID}
        />
        <Field
          label={t('add.password')}
          help={t(admin ? 'add.passwordHelpAdmin' : 'add.passwordHelpAgent')}
          id="add-account-password"
          ref={passwordRef}
          type="password"
          name="password"
          autoComplete="new-password"
          value={password}
          onChange={(e) => setPassword(e.target.value)}
          invalid={invalid === 'password'}
          errorId={ERROR_ID}
        />
        {admin ? (
          <fieldset className="fieldset-plain field" aria-describedby={describedBy('grants', 'add-account-grants-help')}>
            <legend className="field-label legend">{t('add.grants')}</legend>
            <span id="add-account-grants-help" className="field-help">
              {t('add.grantsHelp')}
              {shown.length < GRANTS.length ? ` ${t('add.grantsOwnOnly')}` : ''}
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
                  <span>{t(g.label)}</span>
                </label>
              ))}
            </div>
          </fieldset>
        ) : null}
      </fieldset>
      <div className="dialog-actions">
        <DialogCancel busy={busy} />
        <button type="submit" className="btn btn-primary" disabled={busy}>
          {busy ? t('add.adding') : t(admin ? 'add.admin' : 'add.agent')}
        </button>
      </div>
    </form>
  );
}
