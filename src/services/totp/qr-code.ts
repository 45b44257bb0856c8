import QRCode from 'qrcode';

function escapeAttribute(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/**
 * The QR code as inline SVG: only <svg> and <path> elements with presentation attributes, so it needs
 * no script or style element and passes a strict Content Security Policy.
 */
export async function renderQrSvg(
  uri: string,
  label = 'QR code to scan with your authenticator app',
): Promise<string> {
  const svg = await QRCode.toString(uri, { type: 'svg', errorCorrectionLevel: 'M', margin: 4 });
  const opening = /^<svg\b/;
  if (!opening.test(svg)) throw new Error('QR code renderer returned unexpected markup');
  return svg
    .trim()
    .replace(opening, `<svg role="img" aria-label="${escapeAttribute(label)}" focusable="false"`);
}
