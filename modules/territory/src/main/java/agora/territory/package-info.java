/** The territory service: the registry's API and the territories' lives. */
package agora.territory;
