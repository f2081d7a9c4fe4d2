import { createHash } from 'node:crypto';

// RFC 4122 name-based UUIDs need a namespace; this one is Pressroom's own, fixed forever
// so that an article keeps its identifier across versions of the tool.
const PRESSROOM_NAMESPACE = 'a3f1c6e2-5b7d-4c1e-9f0a-2d6b8e4c7a19';

/** A version 5 (SHA-1, name-based) UUID: the same name always gives the same identifier. */
export function uuidV5(name: string, namespace: string = PRESSROOM_NAMESPACE): string {
  const namespaceBytes = Buffer.from(namespace.replace(/-/g, ''), 'hex');
  const hash = createHash('sha1').update(namespaceBytes).update(name, 'utf8').digest();
  const bytes = hash.subarray(0, 16);
  bytes[6] = (bytes[6]! & 0x0f) | 0x50;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

export function defaultIdentifier(publisher: string | undefined, slug: string): string {
  return `urn:uuid:${uuidV5(`${publisher ?? ''}\u0000${slug}`)}`;
}
