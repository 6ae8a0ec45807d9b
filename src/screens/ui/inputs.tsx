// Our own wrappers around @inkjs/ui inputs: screens import these, so a component
// can be swapped in one place. Every input takes isActive; an inactive input is
// rendered disabled so that exactly one input listens per screen.
import React from 'react';
import { Box, Text } from 'ink';
import { TextInput as InkTextInput, ConfirmInput as InkConfirmInput, Select as InkSelect, PasswordInput } from '@inkjs/ui';
import { useUi } from './UiContext.js';

export interface TextFieldProps {
  label: string;
  isActive: boolean;
  defaultValue?: string;
  placeholder?: string;
  suggestions?: string[];
  onChange?: (value: string) => void;
  onSubmit: (value: string) => void;
  /** mask what is typed (secrets, codes) */
  masked?: boolean;
}

export function TextField({ label, isActive, defaultValue, placeholder, suggestions, onChange, onSubmit, masked }: TextFieldProps) {
  const { screenReader } = useUi();
  const input = masked ? (
    <PasswordInput isDisabled={!isActive} placeholder={placeholder} onChange={onChange} onSubmit={onSubmit} />
  ) : (
    <InkTextInput
      isDisabled={!isActive}
      defaultValue={defaultValue}
      placeholder={placeholder}
      suggestions={suggestions}
      onChange={onChange}
      onSubmit={onSubmit}
    />
  );
  // Ink's screen-reader output reads "textbox: <label> <typed text>". An aria-label on this
  // Box would replace its children — the input itself — so the label stays a Text.
  return (
    <Box aria-role="textbox" aria-state={isActive ? undefined : { disabled: true }}>
      {/* screen-reader output already puts a space between the parts of a row */}
      <Text bold>{screenReader ? label : `${label} `}</Text>
      {input}
      {screenReader && masked && isActive ? <Text> (typing is not read out)</Text> : null}
    </Box>
  );
}

export function Confirm({
  isActive,
  defaultChoice = 'confirm',
  onConfirm,
  onCancel,
}: {
  isActive: boolean;
  defaultChoice?: 'confirm' | 'cancel';
  onConfirm: () => void;
  onCancel: () => void;
}) {
  const { screenReader } = useUi();
  const input = <InkConfirmInput isDisabled={!isActive} defaultChoice={defaultChoice} onConfirm={onConfirm} onCancel={onCancel} />;
  if (!screenReader) return input;
  // "Y/n" alone reads as letters: say what the keys do
  return (
    <Box>
      {input}
      {isActive ? <Text> (press y for yes, n for no, Enter for {defaultChoice === 'confirm' ? 'yes' : 'no'})</Text> : null}
    </Box>
  );
}

export interface Choice {
  label: string;
  value: string;
}

export function Choose({
  options,
  isActive,
  defaultValue,
  onChange,
  visible,
}: {
  options: Choice[];
  isActive: boolean;
  defaultValue?: string;
  onChange: (value: string) => void;
  visible?: number;
}) {
  return (
    <Box aria-role="listbox" flexDirection="column">
      <InkSelect
        isDisabled={!isActive}
        options={options}
        defaultValue={defaultValue}
        onChange={onChange}
        visibleOptionCount={visible ?? Math.min(options.length, 7)}
      />
    </Box>
  );
}
