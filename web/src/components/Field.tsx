import type { ComponentProps, ReactNode } from 'react';

interface FieldProps extends ComponentProps<'input'> {
  label: string;
  /** Help under the input; it needs an `id`, and is read as the input's description. */
  help?: ReactNode;
  /** The id of the error shown beside the form, which the input points at while `invalid`. */
  errorId?: string;
  invalid?: boolean;
}

/**
 * A labelled input, with its help and the error beside the form tied to it by aria-describedby.
 * Props given for the input win over the ones worked out here.
 */
export function Field({ label, help, errorId, invalid, id, ...input }: FieldProps) {
  const helpId = help && id ? `${id}-help` : undefined;
  const describedBy = [helpId, invalid ? errorId : undefined].filter(Boolean).join(' ') || undefined;
  const control = <input id={id} aria-invalid={invalid || undefined} aria-describedby={describedBy} {...input} />;
  if (!help)
    return (
      <label className="field">
        <span className="field-label">{label}</span>
        {control}
      </label>
    );
  // The help sits beside the label, not inside it: the field's name stays the label alone.
  return (
    <div className="field">
      <label className="field-label" htmlFor={id}>
        {label}
      </label>
      {control}
      <span id={helpId} className="field-help">
        {help}
      </span>
    </div>
  );
}

/** The six-digit code from an authenticator app. */
export function OneTimeCodeField(props: Omit<FieldProps, 'help' | 'errorId' | 'invalid'>) {
  return <Field name="code" autoComplete="one-time-code" inputMode="numeric" pattern="[0-9 ]{6,8}" maxLength={8} required {...props} />;
}
