/*
 * qr: a QR code of a text (the otpauth:// URI) as an inline SVG image,
 * encoded by libqrencode (never by hand): one <path> of the dark
 * modules, a four-module quiet zone, scalable (viewBox).
 */
#ifndef FCAUTH_QR_H
#define FCAUTH_QR_H

/* The SVG of "text" (malloc'd, caller frees), or NULL. */
char	*qr_svg(const char *text);

#endif /* FCAUTH_QR_H */
