#ifndef OQSDIAG_BUNDLE_CONTENT_H
#define OQSDIAG_BUNDLE_CONTENT_H

#include <stddef.h>

/* What may not leave the server whatever a file is called (issue 21,
 * docs/bundle.md): a private key or PKCS#12 at any offset (DER, as OpenSSL
 * parses it), PEM/PuTTY key markers in UTF-8, UTF-16LE or UTF-16BE, an
 * OQS request/result XML (its element names: the insurance elements,
 * SegmentOfResult, XmlMsg/MessageHeader/MessageBody, research
 * oqs-public-facts.md §8), and an archive (a zipped result) where text is
 * expected. certs/ must hold exactly one certificate per file. */

/* Why the bytes of rel must stay out of a bundle, or NULL when they may go
 * in (a static string). */
const char *bundle_refuse_content(const char *rel, const unsigned char *b, size_t n);

#endif
