import * as RadixCheckbox from '@radix-ui/react-checkbox';
import { Check, Minus } from 'lucide-react';

/** A checkbox with a visible label for screen readers only (rows and select-all). */
export function Checkbox({ checked, onChange, label }: { checked: boolean | 'indeterminate'; onChange(checked: boolean): void; label: string }) {
  return (
    <RadixCheckbox.Root className="checkbox" checked={checked} onCheckedChange={(c) => onChange(c === true)} aria-label={label}>
      <RadixCheckbox.Indicator className="checkbox-indicator">
        {checked === 'indeterminate' ? <Minus size={12} strokeWidth={3} aria-hidden /> : <Check size={12} strokeWidth={3} aria-hidden />}
      </RadixCheckbox.Indicator>
    </RadixCheckbox.Root>
  );
}
