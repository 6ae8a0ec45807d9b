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
  return (
    <Box aria-label={screenReader ? label : undefined}>
      <Text bold>{label} </Text>
      {input}
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
  return <InkConfirmInput isDisabled={!isActive} defaultChoice={defaultChoice} onConfirm={onConfirm} onCancel={onCancel} />;
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
    <InkSelect
      isDisabled={!isActive}
      options={options}
      defaultValue={defaultValue}
      onChange={onChange}
      visibleOptionCount={visible ?? Math.min(options.length, 7)}
    />
  );
}
