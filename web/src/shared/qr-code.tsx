import { useEffect, useRef } from 'react';
import QRCode from 'qrcode';

/** A QR code drawn on a canvas: no data: URL or inline markup, so the page's CSP stays strict. */
export function QrCode({ text, label, size = 176 }: { text: string; label: string; size?: number }) {
    const canvas = useRef<HTMLCanvasElement>(null);
    useEffect(() => {
        if (canvas.current !== null) {
            void QRCode.toCanvas(canvas.current, text, { width: size, margin: 1, errorCorrectionLevel: 'M' });
        }
    }, [text, size]);
    return <canvas ref={canvas} role="img" aria-label={label} width={size} height={size} />;
}
