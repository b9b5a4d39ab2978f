/** The pod: its local defaults ({@link agora.pod.PodDefaults}) and the operator's command line ({@link agora.pod.Cli}). */
package agora.pod;
