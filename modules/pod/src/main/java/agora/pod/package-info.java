/** The pod: every service in one process, and the operator's command line. */
package agora.pod;
