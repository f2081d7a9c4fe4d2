// Stands in for @noble/ciphers' AES, which pdfkit imports to encrypt PDFs. Pressroom never sets a
// password (PDF/A forbids encryption), and building the AES tables cost every cold start ~8 ms.
function unused() {
  throw new Error('PDF encryption is not used by Pressroom');
}
export const cbc = unused;
export const ecb = unused;
