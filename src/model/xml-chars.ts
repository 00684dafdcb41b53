/**
 * Characters XML 1.0 does not allow anywhere, even escaped: C0 controls but
 * tab, LF and CR, lone surrogates, U+FFFE and U+FFFF. One of them in a
 * message makes a whole Atom feed or sitemap unreadable to every XML
 * parser, so the import strips them (with a diagnostic) and the XML writers
 * strip what the editor's own text may still carry.
 */
export const XML_ILLEGAL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDFFF]/gu;

export function stripXmlIllegal(text: string): string {
  return text.replace(XML_ILLEGAL, '');
}

/** How many XML-illegal characters `text` holds. */
export function countXmlIllegal(text: string): number {
  return text.match(XML_ILLEGAL)?.length ?? 0;
}
