import { useEffect, useRef, useState } from 'react';
import { measureElement, type DOMElement } from 'ink';
import { useScreenWidth } from './useScreenWidth.js';

/**
 * The columns a Box was given by the layout, for content that wraps itself (a side
 * column is narrower than the screen). Until the first layout, and where nothing can be
 * measured, the screen's width. Pass the ref to the Box; a Box whose width follows its
 * content must not be measured (it would only shrink).
 */
export function useBoxWidth(): [React.RefObject<DOMElement | null>, number] {
  const screen = useScreenWidth();
  const ref = useRef<DOMElement | null>(null);
  const [measured, setMeasured] = useState<number | null>(null);
  useEffect(() => {
    if (!ref.current) return;
    const { width } = measureElement(ref.current);
    if (width > 0 && width !== measured) setMeasured(width);
  });
  return [ref, Math.min(measured ?? screen, screen)];
}
