// Text fields without colour (NO_COLOR, --no-color): nothing is dimmed or inverted, so the
// placeholder and the cursor must be told apart from typed text by characters alone.
import React, { useState } from 'react';
import { describe, expect, it } from 'vitest';
import { Box, Text } from 'ink';
import { TextField } from '../../src/screens/ui/inputs.js';
import { KEYS, press, render, type, waitForInputsReady, waitForText } from '../helpers/ink.js';

/** a field as the screens use it: Enter on nothing shows the screen's own message */
function EmailQuestion({ placeholder, suggestions }: { placeholder: string; suggestions?: string[] }) {
  const [error, setError] = useState('');
  const [got, setGot] = useState('');
  return (
    <Box flexDirection="column">
      <TextField
        label="Root email:"
        isActive={!got}
        placeholder={placeholder}
        suggestions={suggestions}
        onSubmit={(v) => (v ? setGot(v) : setError('✖ Type an email address.'))}
      />
      {error ? <Text>{error}</Text> : null}
      {got ? <Text>{`got ${got}`}</Text> : null}
    </Box>
  );
}

const noColor = { ui: { color: false } };

describe('text field without colour', () => {
  it('marks the placeholder as an example and draws the cursor before it', async () => {
    const r = render(<EmailQuestion placeholder="aws-production@company.com" />, noColor);
    await waitForInputsReady();
    expect(r.frame()).toBe('Root email: █ (e.g. aws-production@company.com)');
  });

  it('keeps a placeholder that already reads "e.g." or "empty:" as written', async () => {
    const r = render(<EmailQuestion placeholder="e.g. alice" />, noColor);
    expect(await waitForText(r, 'Root email:')).toBe('Root email: █ (e.g. alice)');
    const e = render(<EmailQuestion placeholder="empty: no calendar file" />, noColor);
    expect(await waitForText(e, 'Root email:')).toBe('Root email: █ (empty: no calendar file)');
  });

  it('Enter on the placeholder submits nothing, and the field says nothing was typed', async () => {
    const r = render(<EmailQuestion placeholder="aws-production@company.com" />, noColor);
    await waitForInputsReady();
    await press(r, KEYS.enter);
    const f = await waitForText(r, 'Type an email address');
    expect(f).toContain('Root email: █ (nothing typed yet; e.g. aws-production@company.com)');
    expect(f).not.toContain('got ');
  });

  it('typed text replaces the placeholder; the cursor is a block at the end, a bar inside', async () => {
    const r = render(<EmailQuestion placeholder="aws-production@company.com" />, noColor);
    await waitForInputsReady();
    await type(r, 'bob');
    expect(r.frame()).toBe('Root email: bob█');
    await press(r, KEYS.left, KEYS.left);
    expect(r.frame()).toBe('Root email: b▏ob');
    await press(r, KEYS.enter);
    expect(await waitForText(r, 'got bob')).toContain('Root email: bob');
  });

  it('a suggestion is shown apart from what was typed, with the key that takes it', async () => {
    const r = render(<EmailQuestion placeholder="x" suggestions={['ops@acme.com']} />, noColor);
    await waitForInputsReady();
    await type(r, 'ops@');
    expect(r.frame()).toBe('Root email: ops@█ (Enter: ops@acme.com)');
    await press(r, KEYS.enter);
    expect(await waitForText(r, 'got ops@acme.com')).toContain('got ops@acme.com');
  });

  it('an inactive field shows its placeholder in parentheses', async () => {
    const r = render(<TextField label="Name:" isActive={false} placeholder="alice" onSubmit={() => undefined} />, noColor);
    expect(await waitForText(r, 'Name:')).toBe('Name: (e.g. alice)');
  });

  it('with colour the example is marked the same way, dimmed instead of bracketed', async () => {
    const r = render(<EmailQuestion placeholder="aws-production@company.com" />);
    await waitForInputsReady();
    expect(r.frame()).toBe('Root email: e.g. aws-production@company.com');
  });
});

describe('a field in a narrow column (beside the QR code)', () => {
  it('keeps its label on one row; the example wraps below it after Enter on nothing', async () => {
    const r = render(
      <Box width={33}>
        <TextField label="First code:" width={33} isActive placeholder="e.g. 123456" onSubmit={() => undefined} />
      </Box>,
      noColor,
    );
    await waitForInputsReady();
    await press(r, KEYS.enter);
    const f = await waitForText(r, 'nothing typed');
    expect(f.split('\n')[0]).toMatch(/^First code: /);
  });
});
