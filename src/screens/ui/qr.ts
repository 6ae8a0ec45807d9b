// A QR code as text: qrcode-terminal's small mode (two modules per character row).
import qrcode from 'qrcode-terminal';

export interface QrText {
  lines: string[];
  width: number;
  height: number;
}

export function drawQr(text: string): QrText {
  let out = '';
  // the error level is module-wide state in qrcode-terminal: set it every time
  qrcode.setErrorLevel('L');
  qrcode.generate(text, { small: true }, (s) => {
    out = s;
  });
  const lines = out.split('\n').filter((l) => l.length > 0);
  return { lines, width: Math.max(0, ...lines.map((l) => l.length)), height: lines.length };
}
