const LOCAL_HEADER = 0x04034b50;
const MIMETYPE = 'application/epub+zip';

/**
 * OCF's rule for the container: the first entry is `mimetype`, stored uncompressed with no extra
 * field, so that its content sits at byte 38 for tools that sniff it. A break here is a bug.
 */
export function checkContainer(bytes: Buffer): void {
  const ok =
    bytes.readUInt32LE(0) === LOCAL_HEADER &&
    bytes.readUInt16LE(8) === 0 &&
    bytes.readUInt16LE(26) === 'mimetype'.length &&
    bytes.readUInt16LE(28) === 0 &&
    bytes.toString('latin1', 30, 38) === 'mimetype' &&
    bytes.toString('latin1', 38, 38 + MIMETYPE.length) === MIMETYPE;
  if (!ok) throw new Error('the EPUB container does not start with a stored mimetype entry');
}
