/** Cursor pagination for every list: pages of at most 100 items and signed keyset cursors. */
package agora.platform.web.paging;
