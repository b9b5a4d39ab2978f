// The authenticator's key URI as a QR code drawn here, in the browser, as SVG: the secret is
// never sent anywhere to be turned into an image.
import qrcode from 'qrcode-generator';

export function QrCode({ value, label }: { value: string; label: string }) {
  const qr = qrcode(0, 'M');
  qr.addData(value);
  qr.make();
  const count = qr.getModuleCount();
  let path = '';
  for (let row = 0; row < count; row += 1) {
    for (let column = 0; column < count; column += 1) {
      if (qr.isDark(row, column)) {
        path += `M${column + 4},${row + 4}h1v1h-1z`;
      }
    }
  }
  const size = count + 8;
  return (
    <svg className="qr" role="img" aria-label={label} viewBox={`0 0 ${size} ${size}`} width="220" height="220"
      shapeRendering="crispEdges">
      <rect width={size} height={size} fill="#fff" />
      <path d={path} fill="#000" />
    </svg>
  );
}
