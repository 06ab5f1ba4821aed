/**
 * The `Label` field: free text with a suggestion list (ARIA combobox with a listbox popup). Typing filters the
 * suggestions (type-ahead), ↓ / ↑ move through them, Enter takes the highlighted one (or the text as typed) and
 * closes the list, Escape closes it. A label CDF would refuse (empty, over 128 characters) shows its message here.
 */
import { useId, useMemo, useState, type Ref } from 'react';
import { filterLabelSuggestions, validateLabel } from './labels';

export interface LabelComboboxProps {
  readonly value: string;
  readonly onValueChange: (label: string) => void;
  /** Every suggestion in order (allLabelSuggestions); filtered here by what is typed. */
  readonly suggestions: readonly string[];
  readonly inputRef?: Ref<HTMLInputElement>;
}

export function LabelCombobox({ value, onValueChange, suggestions, inputRef }: LabelComboboxProps) {
  const listId = useId();
  const messageId = useId();
  const [open, setOpen] = useState(false);
  const [activeIndex, setActiveIndex] = useState(-1);
  const shown = useMemo(() => filterLabelSuggestions(suggestions, value), [suggestions, value]);
  const check = validateLabel(value);
  // An empty field is a hint for later, not an error to shout about while the user is about to type.
  const message = check.ok || value.trim() === '' ? null : check.message;
  const expanded = open && shown.length > 0;

  const choose = (label: string) => {
    onValueChange(label);
    setOpen(false);
    setActiveIndex(-1);
  };

  return (
    <div className="label-combobox">
      <label htmlFor={`${listId}-input`}>Label</label>
      <input
        id={`${listId}-input`}
        ref={inputRef}
        type="text"
        role="combobox"
        autoComplete="off"
        spellCheck={false}
        aria-keyshortcuts="L"
        aria-autocomplete="list"
        aria-expanded={expanded}
        aria-controls={listId}
        aria-activedescendant={expanded && activeIndex >= 0 ? `${listId}-${activeIndex}` : undefined}
        aria-invalid={message !== null}
        aria-describedby={message !== null ? messageId : undefined}
        value={value}
        onChange={(event) => {
          onValueChange(event.target.value);
          setOpen(true);
          setActiveIndex(-1);
        }}
        onFocus={() => setOpen(true)}
        onBlur={() => setOpen(false)}
        onKeyDown={(event) => {
          if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
            event.preventDefault();
            setOpen(true);
            const step = event.key === 'ArrowDown' ? 1 : -1;
            setActiveIndex((index) => (shown.length === 0 ? -1 : (index + step + shown.length) % shown.length));
          } else if (event.key === 'Enter') {
            event.preventDefault();
            const highlighted = expanded && activeIndex >= 0 ? shown[activeIndex] : undefined;
            choose(highlighted ?? value.trim());
            // Back to the image: the next keys (S, Enter, points) are meant for the canvas loop, not this field.
            event.currentTarget.blur();
          } else if (event.key === 'Escape') {
            setOpen(false);
            event.currentTarget.blur();
          }
        }}
      />
      {expanded && (
        <ul id={listId} role="listbox" aria-label="Label suggestions" className="label-suggestions">
          {shown.map((label, index) => (
            <li
              key={label}
              id={`${listId}-${index}`}
              role="option"
              aria-selected={index === activeIndex}
              // mousedown, not click: the input's blur would close the list before a click lands.
              onMouseDown={(event) => {
                event.preventDefault();
                choose(label);
              }}
            >
              {label}
            </li>
          ))}
        </ul>
      )}
      {message !== null && (
        <p id={messageId} className="label-message" role="alert">
          {message}
        </p>
      )}
    </div>
  );
}
